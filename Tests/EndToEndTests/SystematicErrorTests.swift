import Foundation
import Testing

/// A mistake shared by many rows (a label the org does not have, a wrong host) stops after at most 20 requests
/// instead of burning the quota on every row; the other rows are still sent; the job ends with exit 2.
@Suite(.serialized)
struct SystematicErrorTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    @Test func anUnknownLabelStopsItsRowsAfterTwentyRequestsAndTheRestAreSent() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        var text = "mobile,label,reason\n"
        for i in 0..<1000 { text += "91\(7_000_000_000 + i)7,\(i % 10 == 3 ? "Diamond" : "Gold"),campaign\n" }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "500/s",
                                         "--concurrency", "16", "--quiet"], environment: Self.credentials, in: directory)
        #expect(run.status == 2, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("label 'Diamond' is not a label of this org"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains("fix the label column or --label"))
        let labels = simulator.requests().map { ($0["body"] as? [String: Any])?["label"] as? String ?? "" }
        let diamond = labels.filter { $0 == "Diamond" }.count
        #expect(diamond <= 20 && diamond > 0, "requests for the unknown label: \(diamond)")
        #expect(labels.filter { $0 == "Gold" }.count == 900, "every other row was sent")
        let outcomes = try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))
        #expect(outcomes["succeeded"] == 900 && outcomes["failed"] == diamond && outcomes["pending"] == 100 - diamond)
        let last = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("stopped: label 'Diamond'") && last.contains("; \(100 - diamond) row(s) held back and not sent; this run's command, to run again once that is fixed: "),
                "\(last)")
        // `status` names the held label and the rows still waiting for it.
        let status = try BinaryProcess.run(["status", input.path + ".statusbatch"], environment: [:], in: directory)
        #expect(status.status == 0)
        #expect(status.stdout.contains("held back: \(100 - diamond) row(s) waiting: label 'Diamond' is not a label of this org"),
                "\(status.stdout)")
        #expect(status.stdout.contains("runner: none (rows are held back for a mistake: fix it as said below)"))
    }

    @Test func aWrongPathAnswering404StopsAfterTwentyRequests() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 500)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL + "/wrong", "--rate", "500/s",
                                         "--concurrency", "16", "--quiet"], environment: Self.credentials, in: directory)
        #expect(run.status == 2, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("check --cluster or --base-url"), "stderr: \(run.stderr)")
        let requests = simulator.requests().count
        #expect(requests <= 20 && requests > 0, "requests: \(requests)")
        // Resumed with the limit off, the rows held back are sent too (and fail): 500 requests in all.
        let off = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL + "/wrong", "--rate", "500/s",
                                         "--max-systematic", "0", "--quiet"], environment: Self.credentials, in: directory)
        #expect(off.status == 1, "stderr: \(off.stderr)")
        #expect(simulator.requests().count == 500)
    }
}
