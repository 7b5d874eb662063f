import Foundation
import Testing

/// One runner per job folder: a second `run` is refused while the first holds the OS lock.
@Suite(.serialized)
struct JobLockTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    @Test func secondRunnerIsRefusedAndStatusShowsTheRunner() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 200)
        let arguments = ["run", input.path, "--base-url", simulator.baseURL, "--rate", "20/s"]
        let first = try BinaryProcess.start(arguments, environment: Self.credentials, in: directory)
        let deadline = Date().addingTimeInterval(30)
        while simulator.requests().count < 3 && Date() < deadline { usleep(50_000) }

        let second = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory, timeout: 30)
        #expect(second.status == 2)
        #expect(second.stderr.contains("another statusbatch process is running this job"), "stderr: \(second.stderr)")

        let job = input.path + ".statusbatch"
        let status = try BinaryProcess.run(["status", job], in: directory, timeout: 30)
        #expect(status.status == 0, "stderr: \(status.stderr)")
        #expect(status.stdout.contains("runner: active (pid \(first.process.processIdentifier)"), "stdout: \(status.stdout)")
        #expect(status.stdout.contains("200 rows"))

        first.signal(SIGTERM)
        #expect(first.wait(timeout: 60).status == 3)
        let after = try BinaryProcess.run(["status", job], in: directory, timeout: 30)
        #expect(after.stdout.contains("runner: none"), "stdout: \(after.stdout)")
        let requestsBefore = simulator.requests().count
        #expect(requestsBefore < 200)
    }

    /// Reports rebuilt by another process while a job sends leave the job's write-ahead log alone: the job's
    /// locks on its database hold even though it opened a second connection to ingest (a descriptor of the
    /// database closed outside SQLite once dropped them, and the report's process then deleted the running
    /// job's log on closing: the job's later commits were lost to every other reader).
    @Test func aReportDuringARunLeavesTheRunsLogInPlace() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let run = try BinaryProcess.start(["run", input.path, "--base-url", simulator.baseURL, "--rate", "40/s", "--quiet"],
                                          environment: Self.credentials, in: directory)
        let deadline = Date().addingTimeInterval(30)
        while simulator.requests().count < 20 && Date() < deadline { usleep(50_000) }
        let job = input.path + ".statusbatch"
        for _ in 0..<2 {
            let report = try BinaryProcess.run(["report", job], in: directory, timeout: 60)
            #expect(report.status == 0, "stderr: \(report.stderr)")
            #expect(FileManager.default.fileExists(atPath: job + "/job.sqlite-wal"), "the running job's log was deleted")
        }
        let outcome = run.wait(timeout: 60)
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let final = try BinaryProcess.run(["report", job], in: directory, timeout: 60)
        #expect(final.status == 0 && final.stdout.contains("succeeded   300"), "stdout: \(final.stdout) stderr: \(final.stderr)")
    }
}
