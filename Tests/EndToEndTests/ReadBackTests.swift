import Foundation
import Testing

/// The real binary against the simulator's effect faults: answers lost after the update was applied, late
/// answers, HTML pages with HTTP 200. Every row must end succeeded and every customer be updated exactly once;
/// without read permission the job still finishes, its resends flagged; a recorded job can be undone.
@Suite(.serialized)
struct ReadBackTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    @Test func lostLateAndGarbledAnswersAreReadBackAndNoCustomerIsUpdatedTwice() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: [
            "--sim-apply-drop-rate", "0.03", "--sim-html200-rate", "0.02", "--sim-apply-late-rate", "0.01",
            "--sim-apply-late-seconds", "3", "--sim-seed", "11"])
        let input = directory.appendingPathComponent("rows.csv")
        let rowCount = 1000
        try JobFiles.writeValidCSV(input, count: rowCount)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "300/s",
                                         "--request-timeout", "1", "--quiet"],
                                        environment: Self.credentials, in: directory, timeout: 300)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == rowCount)
        let applied = simulator.appliedPerIdentifier()
        #expect(applied.count == rowCount, "every customer was updated")
        let twice = applied.filter { $0.value > 1 }
        #expect(twice.isEmpty, "customers updated more than once: \(twice.count)")
        let summary = try JobFiles.summary(job)
        let readBack = try #require(summary["read_back"] as? [String: Any])
        let confirmed = readBack["confirmed_by_read_back"] as? Int ?? 0
        #expect(confirmed >= 20, "about 4 % of the rows were applied without a readable answer: \(readBack)")
        #expect(readBack["resent"] as? Int == 0)
        let results = try JobFiles.results(job)
        #expect(results.filter { $0["confirmation"] == "read_back" }.count == confirmed)
        #expect(results.allSatisfy { ["answer", "read_back"].contains($0["confirmation"] ?? "") })
        print("read-back: rows \(rowCount), succeeded \(try JobFiles.outcomes(job)["succeeded"] ?? 0), customers updated \(applied.count), twice \(twice.count), \(readBack)")
    }

    @Test func withoutReadPermissionTheJobFinishesAndFlagsItsResends() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: [
            "--sim-apply-drop-rate", "0.05", "--sim-refuse-reads", "forbidden", "--sim-seed", "3"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "300/s", "--quiet"],
                                        environment: Self.credentials, in: directory, timeout: 300)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.components(separatedBy: "the read-back calls are not available to this job").count == 2,
                "said once in the log: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 300)
        let readBack = try #require(try JobFiles.summary(job)["read_back"] as? [String: Any])
        #expect((readBack["reads_unavailable"] as? String)?.contains("403") == true)
        let flagged = Set(try JobFiles.results(job).filter { $0["confirmation"] == "resent" }.map { $0["identifierValue"] ?? "" })
        let twice = simulator.appliedPerIdentifier().filter { $0.value > 1 }
        #expect(!twice.isEmpty, "5 % of the answers were dropped after the update: some customers were updated twice")
        for identifier in twice.keys { #expect(flagged.contains(identifier), "\(identifier) updated twice but not flagged") }
        #expect(try JobFiles.read(job, "report.html").contains("The read-back calls were not available to this job"))
    }

    @Test func recordPreviousThenUndoRestoresEveryLabel() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-apply-drop-rate", "0.03", "--sim-seed", "5"])
        let before = directory.appendingPathComponent("silver.csv")
        let change = directory.appendingPathComponent("gold.csv")
        try JobFiles.writeValidCSV(before, count: 200, label: "Silver")
        try JobFiles.writeValidCSV(change, count: 200, label: "Gold")
        let target = ["--base-url", simulator.baseURL, "--rate", "300/s", "--quiet"]
        let first = try BinaryProcess.run(["run", before.path] + target, environment: Self.credentials, in: directory)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try BinaryProcess.run(["run", change.path, "--record-previous", "--verify", "all"] + target,
                                           environment: Self.credentials, in: directory)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(Set(simulator.lastAppliedLabels().values) == ["Gold"])
        let job = URL(fileURLWithPath: change.path + ".statusbatch")
        let results = try JobFiles.results(job)
        #expect(results.allSatisfy { $0["previous_label"] == "Silver" })
        #expect(results.allSatisfy { ["verified", ""].contains($0["verification"] ?? "-") })
        let undo = try BinaryProcess.run(["undo", job.path], in: directory)
        #expect(undo.status == 0, "stderr: \(undo.stderr)")
        #expect(undo.stdout.contains("200 row(s) to restore"))
        let restore = try BinaryProcess.run(["run", job.appendingPathComponent("undo.csv").path] + target,
                                            environment: Self.credentials, in: directory)
        #expect(restore.status == 0, "stderr: \(restore.stderr)")
        let labels = simulator.lastAppliedLabels()
        #expect(labels.count == 200 && Set(labels.values) == ["Silver"], "\(Dictionary(grouping: labels.values, by: { $0 }).mapValues(\.count))")
        #expect(simulator.appliedPerIdentifier().values.allSatisfy { $0 == 3 }, "each customer updated once per job")
    }
}
