import Foundation
import Testing

/// Whole-job problems stop with the documented exit codes before (or soon after) sending.
@Suite(.serialized)
struct ConfigurationErrorTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "right"]

    @Test func wrongCredentialsStopWithinTheFirstRequests() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-auth"], environment: Self.credentials)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 100)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s"],
                                        environment: ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "wrong"],
                                        in: directory)
        #expect(run.status == 3, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("401"))
        #expect(simulator.requests().count <= 8)
        let outcomes = try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))
        #expect(outcomes["pending"] == 100, "every row stays resumable")
        #expect(!run.stderr.contains("wrong"))

        let retry = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s"],
                                          environment: Self.credentials, in: directory)
        #expect(retry.status == 0, "stderr: \(retry.stderr)")
    }

    @Test func resumeWithAnotherFileOrOptionIsRefused() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 10)
        let base = ["run", input.path, "--base-url", simulator.baseURL, "--rate", "100/s"]
        #expect(try BinaryProcess.run(base, environment: Self.credentials, in: directory).status == 0)

        let otherOption = try BinaryProcess.run(base + ["--source", "WEBSITE"], environment: Self.credentials, in: directory)
        #expect(otherOption.status == 2)
        #expect(otherOption.stderr.contains("--source was 'INSTORE', now 'WEBSITE'"))

        try JobFiles.writeValidCSV(input, count: 11)
        let otherFile = try BinaryProcess.run(base, environment: Self.credentials, in: directory)
        #expect(otherFile.status == 2)
        #expect(otherFile.stderr.contains("not the file this job was started with"))

        let restarted = try BinaryProcess.run(base + ["--restart"], environment: Self.credentials, in: directory)
        #expect(restarted.status == 0, "stderr: \(restarted.stderr)")
        #expect(simulator.requests().count == 21)
    }

    @Test(arguments: [
        ("no-header.csv", "919800000001,Gold,reason\n919800000002,Gold,reason\n", "no usable header"),
        ("binary.csv", "mobile,label\u{0}\u{1}\u{2}", "not a text file"),
        ("empty.csv", "", "empty"),
    ])
    func unusableFilesStopBeforeAnyRequest(name: String, content: String, message: String) throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent(name)
        try content.write(to: input, atomically: true, encoding: .utf8)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL],
                                        environment: Self.credentials, in: directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "stderr: \(run.stderr)")
        #expect(simulator.requests().isEmpty)
    }

    @Test func usageErrorsExitWithTwo() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 2)
        let plainHTTP = try BinaryProcess.run(["run", input.path, "--base-url", "http://eu.api.capillarytech.com"],
                                              environment: Self.credentials, in: directory)
        #expect(plainHTTP.status == 2)
        #expect(plainHTTP.stderr.contains("only for loopback"))
        let noCredentials = try BinaryProcess.run(["run", input.path, "--cluster", "eu"], in: directory)
        #expect(noCredentials.status == 2)
        #expect(noCredentials.stderr.contains("CAPILLARY_USERNAME"))
        let badFlag = try BinaryProcess.run(["run", input.path, "--no-such-flag"], in: directory)
        #expect(badFlag.status == 2)
        let badRate = try BinaryProcess.run(["run", input.path, "--simulate", "--rate", "fast"], in: directory)
        #expect(badRate.status == 2)
    }
}
