import Foundation
import Testing

/// The real binary runs the samples against the real simulator process, with Basic credentials.
@Suite(.serialized)
struct SampleRunTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "s3cret-pass"]
    /// What samples/customers.csv must end as (see samples/make_samples.py).
    static let expected = ["succeeded": 228, "failed": 20, "gave_up": 2, "rejected": 41, "superseded": 9,
                           "unknown": 0, "uncertain": 0, "pending": 0]

    @Test(arguments: ["customers.csv", "customers.jsonl"])
    func sampleEndsWithExpectedOutcomes(sample: String) throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-auth"], environment: Self.credentials)
        let input = try JobFiles.copySample(sample, to: directory)
        let run = try BinaryProcess.run(
            ["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s", "--max-attempts", "3"],
            environment: Self.credentials, in: directory)
        #expect(run.status == 1, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        var expected = Self.expected
        if sample.hasSuffix(".jsonl") {
            // The JSONL sample has one line that is not JSON where the CSV has a short row: both rejected.
            expected["rejected"] = 41
        }
        #expect(try JobFiles.outcomes(job) == expected)
        let codes = try JobFiles.summary(job)["error_codes"] as? [String: Int]
        #expect(codes == ["8015": 10, "8086": 10, "503": 2])

        // Exactly one request per sent row, except the always-503 rows (3 attempts each).
        let results = try JobFiles.results(job)
        let sentRows = results.filter { ["succeeded", "failed"].contains($0["outcome"]) }.count
        #expect(simulator.requests().count == sentRows + 2 * 3)
        #expect(simulator.successesPerIdentifier().values.allSatisfy { $0 == 1 })
        #expect(simulator.requests().allSatisfy { $0["auth"] as? Bool == true })
        // Rejected rows never reach the server.
        let sent = Set(simulator.requests().compactMap { $0["identifierValue"] as? String })
        for row in results where row["outcome"] == "rejected" {
            #expect(!sent.contains(row["identifierValue"] ?? "") || row["identifierValue"] == "")
        }
        let last = run.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("ended: every row was sent or rejected; to review: 22 row(s) in failed.csv (20 failed, 2 gave up), \(expected["rejected"] ?? 0) rejected"),
                "\(last)")
        #expect(last.hasSuffix("then send failed.csv alone: \(BinaryProcess.executable) run \(job.path)/failed.csv --base-url \(simulator.baseURL) --rate 200/s --max-attempts 3"),
                "\(last)")
        #expect(!run.stderr.contains("s3cret-pass"))
    }

    @Test("--ingest-only stores every row and sends nothing; the same command without it sends them")
    func ingestOnlyThenSend() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("small.csv")
        try JobFiles.writeValidCSV(input, count: 30)
        let arguments = ["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s"]
        let ingest = try BinaryProcess.run(arguments + ["--ingest-only", "--log-level", "info", "--log-format", "json"],
                                           environment: Self.credentials, in: directory)
        #expect(ingest.status == 0, "stderr: \(ingest.stderr)")
        #expect(ingest.stderr.contains("30 rows stored"))
        #expect(ingest.stderr.contains(#""message":"ingested job""#) && ingest.stderr.contains(#""seconds":"#))
        #expect(simulator.requests().isEmpty)
        let send = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(send.status == 0, "stderr: \(send.stderr)")
        #expect(simulator.requests().count == 30)
        #expect(try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))["succeeded"] == 30)
    }

    @Test func rerunOfFinishedJobSendsNothing() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("small.csv")
        try JobFiles.writeValidCSV(input, count: 40)
        let first = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s"],
                                          environment: Self.credentials, in: directory)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s"],
                                           environment: Self.credentials, in: directory)
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(simulator.requests().count == 40)
        #expect(try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))["succeeded"] == 40)
    }

    @Test func failedRowsFileIsAValidInput() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = try JobFiles.copySample("customers.csv", to: directory)
        _ = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s", "--max-attempts", "2"],
                                  environment: Self.credentials, in: directory)
        let failed = URL(fileURLWithPath: input.path + ".statusbatch/failed.csv")
        let retry = try BinaryProcess.run(["run", failed.path, "--base-url", simulator.baseURL, "--rate", "200/s",
                                           "--max-attempts", "2", "--workdir", directory.appendingPathComponent("retry").path],
                                          environment: Self.credentials, in: directory)
        #expect(retry.status == 1, "stderr: \(retry.stderr)")
        let outcomes = try JobFiles.outcomes(directory.appendingPathComponent("retry"))
        // The same 22 rows fail again in the same way: none is rejected on the way back in.
        #expect(outcomes["failed"] == 20)
        #expect(outcomes["gave_up"] == 2)
        #expect(outcomes["rejected"] == 0)
    }
}
