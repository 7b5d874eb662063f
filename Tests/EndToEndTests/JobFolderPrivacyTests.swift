import Foundation
import Testing

/// Job folders are their user's alone: created 0700 with 0600 files whatever the caller's umask, an existing
/// folder others may write to (or another user owns) is refused, and no file is opened through a symbolic link.
@Suite(.serialized)
struct JobFolderPrivacyTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    /// The permission bits of `path` (not following a link).
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    @Test func aJobFolderIsCreated0700WithEveryFile0600() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = try JobFiles.copySample("customers.csv", to: directory)
        // A umask that would make every file world-readable: the binary sets its own.
        let run = try ShellProcess.run("umask 000 && \(BinaryProcess.executable) run \(input.path) --base-url \(simulator.baseURL) --rate 200/s",
                                       environment: Self.credentials, in: directory)
        #expect(run.status == 1, "stderr: \(run.stderr)")
        let job = input.path + ".statusbatch"
        #expect(Self.mode(job) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: job)
        for name in ["job.sqlite", "job.lock", "report.html", "results.csv", "results.jsonl", "failed.csv", "summary.json"] {
            #expect(files.contains(name), "\(name) was written")
        }
        for name in files {
            #expect(Self.mode(job + "/" + name) == 0o600, "\(name): \(String(Self.mode(job + "/" + name), radix: 8))")
        }
        // `report` rewrites the reports: still 0600.
        let report = try ShellProcess.run("umask 000 && \(BinaryProcess.executable) report \(job)", in: directory)
        #expect(report.status == 0, "stderr: \(report.stderr)")
        #expect(Self.mode(job + "/report.html") == 0o600 && Self.mode(job + "/failed.csv") == 0o600)
    }

    @Test func aGroupWritableOrForeignJobFolderIsRefusedBeforeAnythingIsSent() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 20)
        let job = directory.appendingPathComponent("shared-job").path
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: false)
        chmod(job, 0o770)
        let arguments = ["run", input.path, "--base-url", simulator.baseURL, "--workdir", job]
        let refused = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(job): the job folder may be written by its group (mode 770), so its job cannot be trusted; run chmod 700 \(job)"),
                "\(refused.stderr)")
        chmod(job, 0o703)
        let others = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(others.status == 2 && others.stderr.contains("may be written by others (mode 703)"), "\(others.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: job).isEmpty, "nothing was created in it")
        #expect(simulator.requests().isEmpty, "nothing was sent")
        if geteuid() == 0 {
            chmod(job, 0o700)
            chown(job, 4321, 4321)
            let foreign = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
            #expect(foreign.status == 2 && foreign.stderr.contains("the job folder belongs to another user (uid 4321)"),
                    "\(foreign.stderr)")
        }
        chown(job, geteuid(), getegid())
        chmod(job, 0o700)
        let accepted = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(accepted.status == 0, "a private folder is used: \(accepted.stderr)")
        chmod(job, 0o775)
        let report = try BinaryProcess.run(["report", job], in: directory)
        #expect(report.status == 2 && report.stderr.contains("may be written by its group"), "\(report.stderr)")
    }

    @Test(arguments: ["job.lock", "job.sqlite"])
    func aSymbolicLinkInTheJobFolderIsNotFollowed(name: String) throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 5)
        let job = input.path + ".statusbatch"
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        let target = directory.appendingPathComponent("elsewhere").path
        try FileManager.default.createSymbolicLink(atPath: job + "/" + name, withDestinationPath: target)
        let run = try BinaryProcess.run(["run", input.path, "--simulate", "--quiet"], in: directory)
        #expect(run.status == 2, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("\(job)/\(name): ") && run.stderr.contains("symbolic link"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target), "nothing was created where the link points")
    }
}
