import Foundation
import Testing

/// Inputs as operators have them, through the real binary and its built-in simulator: Windows-1252 (refused up
/// front, read with --encoding), UTF-16 inside gzip, standard input and a FIFO (copied into the job folder,
/// resumed from the copy).
@Suite(.serialized)
struct InputFormatTests {
    /// 40 rows whose reasons carry accents (UTF-8 text; the tests write it in other encodings).
    static func rows(count: Int = 40, start: Int = 0) -> String {
        "mobile,label,reason\n" + (start..<start + count).map { String(format: "91%010d7,Gold,Révision café n°%d\n", $0, $0) }.joined()
    }

    /// The reasons of the updates the simulator received, as logged with their bodies.
    static func sentReasons(_ simulator: SimulatorProcess) -> [String] {
        simulator.requests().compactMap { ($0["body"] as? [String: Any])?["reason"] as? String }
    }

    /// Latin-1 bytes of `text` (its accents are Windows-1252's too).
    static func latin1(_ text: String) -> Data { Data(text.unicodeScalars.map { UInt8($0.value) }) }

    @Test func aWindows1252FileIsRefusedUpFrontAndReadWithEncoding() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("excel.csv")
        try Self.latin1(Self.rows()).write(to: input)
        let validate = try BinaryProcess.run(["validate", input.path], in: directory)
        #expect(validate.stdout.hasPrefix("warning: ") && validate.stdout.contains("40 of 40 rows"), "\(validate.stdout)")
        let refused = try BinaryProcess.run(["run", input.path, "--simulate", "--quiet"], in: directory)
        #expect(refused.status == 2 && refused.stderr.contains("--encoding windows-1252")
                && refused.stderr.contains("nothing was sent"), "\(refused.stderr)")
        let simulator = try SimulatorProcess(in: directory, arguments: [])
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s",
                                         "--encoding", "windows-1252", "--quiet"], environment: PacingTests.credentials, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 40)
        #expect(Self.sentReasons(simulator).contains("Révision café n°0"), "\(Self.sentReasons(simulator).prefix(3))")
    }

    @Test func utf16InsideGzipIsSentLikeUTF8() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("unicode.csv")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in Self.rows().utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try Data(bytes).write(to: plain)
        let gzip = try ShellProcess.run("gzip -n unicode.csv", in: directory)
        #expect(gzip.status == 0)
        let simulator = try SimulatorProcess(in: directory, arguments: [])
        let run = try BinaryProcess.run(["run", "unicode.csv.gz", "--base-url", simulator.baseURL, "--rate", "200/s", "--quiet"],
                                        environment: PacingTests.credentials, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let job = directory.appendingPathComponent("unicode.csv.gz.statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 40)
        #expect(Self.sentReasons(simulator).contains("Révision café n°39"))
    }

    @Test func standardInputIsCopiedIntoTheJobFolderAndResumedFromIt() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.rows().write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        try Self.rows(start: 100).write(to: directory.appendingPathComponent("other.csv"), atomically: true, encoding: .utf8)
        let binary = BinaryProcess.executable
        let noWorkdir = try ShellProcess.run("'\(binary)' run - --simulate < rows.csv", in: directory)
        #expect(noWorkdir.status == 2 && noWorkdir.stderr.contains("needs --workdir"), "\(noWorkdir.stderr)")
        let command = "'\(binary)' run - --workdir job --simulate --rate 200/s --quiet"
        let first = try ShellProcess.run("cat rows.csv | \(command)", in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let job = directory.appendingPathComponent("job")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 40)
        let copy = job.appendingPathComponent("input").path
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == Self.rows())
        let mode = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try ShellProcess.run("cat rows.csv | \(command)", in: directory)
        #expect(again.status == 0 && again.stderr.contains("nothing left to do"), "\(again.stderr)")
        let other = try ShellProcess.run("cat other.csv | \(command)", in: directory)
        #expect(other.status == 2 && other.stderr.contains("standard input is not the input this job was started with"),
                "\(other.stderr)")
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == Self.rows(), "the job's copy is kept")
    }

    @Test func aNamedFIFOFedByTheTestIsCopiedAndResumed() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.rows().write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let command = "mkfifo feed.csv && (cat rows.csv > feed.csv &) && '\(BinaryProcess.executable)' run feed.csv --simulate --rate 200/s --quiet"
        let run = try ShellProcess.run(command, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let job = directory.appendingPathComponent("feed.csv.statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 40)
        #expect(FileManager.default.fileExists(atPath: job.appendingPathComponent("input.csv").path), "the copy keeps the name's .csv")
        let again = try ShellProcess.run("(cat rows.csv > feed.csv &) && '\(BinaryProcess.executable)' run feed.csv --simulate --quiet",
                                         in: directory)
        #expect(again.status == 0 && again.stderr.contains("nothing left to do"), "\(again.stderr)")
    }

    @Test func aFIFOFromProcessSubstitutionIsCopiedAndSent() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.rows().write(to: directory.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let gzip = try ShellProcess.run("gzip -n rows.csv", in: directory)
        #expect(gzip.status == 0)
        let run = try ShellProcess.run(
            "exec bash -c \"'\(BinaryProcess.executable)' run <(gzip -dc rows.csv.gz) --workdir job --simulate --rate 200/s --quiet\"",
            in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try JobFiles.outcomes(directory.appendingPathComponent("job"))["succeeded"] == 40)
    }
}
