import Foundation
import Testing

/// Storage problems give a clear message and exit 2 or 3: never a crash, never a wrong report.
@Suite(.serialized)
struct StorageFaultTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    /// A finished small job in a fresh folder, and its simulator.
    private func finishedJob() throws -> (directory: URL, input: URL, simulator: SimulatorProcess, arguments: [String]) {
        let directory = try JobFiles.temporaryDirectory()
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 50)
        let arguments = ["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s"]
        let run = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        return (directory, input, simulator, arguments)
    }

    @Test func fileSizeLimitStopsResumably() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 5000)
        let command = "ulimit -f 200; exec '\(BinaryProcess.executable)' run '\(input.path)' --base-url \(simulator.baseURL) --rate 500/s"
        let limited = try ShellProcess.run(command, environment: Self.credentials, in: directory)
        #expect(limited.status == 3, "stderr: \(limited.stderr)")
        #expect(limited.stderr.contains("file-size limit"), "stderr: \(limited.stderr)")
        let resumed = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "500/s"],
                                            environment: Self.credentials, in: directory, timeout: 120)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))["succeeded"] == 5000)
    }

    @Test func damagedDatabaseIsReported() throws {
        let job = try finishedJob()
        defer { try? FileManager.default.removeItem(at: job.directory) }
        let database = URL(fileURLWithPath: job.input.path + ".statusbatch/job.sqlite")
        let handle = try FileHandle(forUpdating: database)
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let run = try BinaryProcess.run(job.arguments, environment: Self.credentials, in: job.directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("damaged"), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func newerSchemaIsRefused() throws {
        let job = try finishedJob()
        defer { try? FileManager.default.removeItem(at: job.directory) }
        let database = URL(fileURLWithPath: job.input.path + ".statusbatch/job.sqlite")
        // PRAGMA user_version lives at offset 60 of the database header (big-endian).
        let handle = try FileHandle(forUpdating: database)
        try handle.seek(toOffset: 60)
        try handle.write(contentsOf: Data([0, 0, 0, 99]))
        try handle.close()
        let run = try BinaryProcess.run(job.arguments, environment: Self.credentials, in: job.directory)
        #expect(run.status == 2)
        #expect(run.stderr.contains("schema version 99"), "stderr: \(run.stderr)")
    }

    @Test(.enabled(if: ReadOnlyFolder.canMake, "needs a way to make a folder read-only for this user"))
    func readOnlyJobFolderIsReported() throws {
        let job = try finishedJob()
        let folder = job.input.path + ".statusbatch"
        defer {
            ReadOnlyFolder.undo(folder)
            try? FileManager.default.removeItem(at: job.directory)
        }
        try FileManager.default.removeItem(atPath: folder + "/results.csv")
        try ReadOnlyFolder.make(folder)
        let run = try BinaryProcess.run(job.arguments + ["--restart"], environment: Self.credentials, in: job.directory)
        #expect([2, 3].contains(run.status))
        #expect(run.stderr.contains("cannot be written") || run.stderr.contains("cannot write"), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }
}
