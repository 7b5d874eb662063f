import Foundation
import Testing
@testable import StatusBatch

/// results.csv, results.jsonl, failed.csv and summary.json of `GoldenJob`, compared whole against the files in
/// Fixtures/golden. Only the job folder's path is replaced (by `$JOB`); nothing else is normalised.
///
/// To regenerate after an intended change: `STATUSBATCH_UPDATE_GOLDEN=1 swift test --filter Golden`
/// writes the files into the source tree (the run fails on purpose), then review the diff and run again.
@Suite("Golden reports")
struct GoldenReportTests {
    static let files = ["results.csv", "results.jsonl", "failed.csv", "summary.json"]
    static let placeholder = "$JOB"
    static var updating: Bool { ProcessInfo.processInfo.environment["STATUSBATCH_UPDATE_GOLDEN"] == "1" }

    /// The golden files as the test bundle has them (Fixtures is a resource folder, copied at build time).
    static func bundledDirectory() throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent("golden")
    }

    /// The golden files in the source tree, which regenerating writes.
    static func sourceDirectory(_ testFile: String = #filePath) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")
    }

    @Test("each report matches its golden file", arguments: files)
    func report(name: String) throws {
        let job = try GoldenJob()
        defer { job.dir.remove() }
        try ReportWriter.writeAll(store: job.store, context: job.context)
        let actual = try job.dir.read(name).replacingOccurrences(of: job.dir.url.path, with: Self.placeholder)
        if Self.updating {
            let directory = Self.sourceDirectory()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: directory.appendingPathComponent(name))
            Issue.record("wrote \(directory.path)/\(name); review it, then run again without STATUSBATCH_UPDATE_GOLDEN")
            return
        }
        let url = try Self.bundledDirectory().appendingPathComponent(name)
        guard let expected = try? String(decoding: Data(contentsOf: url), as: UTF8.self) else {
            Issue.record("no golden file \(url.path); create it with STATUSBATCH_UPDATE_GOLDEN=1 swift test --filter Golden")
            return
        }
        if let difference = Self.firstDifference(expected: expected, actual: actual) {
            Issue.record("""
                \(name) differs from Fixtures/golden/\(name) at \(difference)
                (if the change is intended: STATUSBATCH_UPDATE_GOLDEN=1 swift test --filter Golden, then review the diff)
                """)
        }
    }

    @Test("the golden folder holds exactly the reports compared")
    func goldenFileList() throws {
        guard !Self.updating else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.bundledDirectory().path)
        #expect(names.sorted() == Self.files.sorted())
    }

    @Test("a difference is reported as its first differing line, not as whole files")
    func differenceMessage() {
        #expect(Self.firstDifference(expected: "a\nb\n", actual: "a\nb\n") == nil)
        #expect(Self.firstDifference(expected: "a\nb\nc\n", actual: "a\nB\nc\n")
                == #"line 2: expected "b", actual "B""#)
        #expect(Self.firstDifference(expected: "a\n", actual: "a\nb\n") == #"line 2: expected "", actual "b""#)
        #expect(Self.firstDifference(expected: "a\n", actual: "a") == #"line 2: expected "", actual (end of file)"#)
        #expect(Self.firstDifference(expected: "a\r\n", actual: "a\n") == #"line 1: expected "a\r", actual "a""#)
    }

    /// `line N: expected "…", actual "…"` for the first line that differs (quoted, so spaces and `\r` show),
    /// or nil when the texts are equal.
    static func firstDifference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        // Split on the byte: as Characters, "\r\n" is one and would not split on "\n".
        func lines(_ text: String) -> [String] {
            Array(text.utf8).split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        let expectedLines = lines(expected), actualLines = lines(actual)
        func show(_ lines: [String], _ index: Int) -> String {
            index < lines.count ? String(reflecting: lines[index]) : "(end of file)"
        }
        let common = min(expectedLines.count, actualLines.count)
        let index = (0..<common).first { expectedLines[$0] != actualLines[$0] } ?? common
        return "line \(index + 1): expected \(show(expectedLines, index)), actual \(show(actualLines, index))"
    }
}
