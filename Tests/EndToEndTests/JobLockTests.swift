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
}
