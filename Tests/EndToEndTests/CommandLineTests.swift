import Foundation
import Testing

/// The command line's values are checked by swift-argument-parser: allowed values in `--help`,
/// a wrong value or combination is exit 2 with a message, before any file is touched.
@Suite struct CommandLineTests {
    @Test func helpListsTheAllowedValuesOfEnumOptions() throws {
        let help = try BinaryProcess.run(["run", "--help"], environment: [:], in: FileManager.default.temporaryDirectory)
        #expect(help.status == 0, "stderr: \(help.stderr)")
        let text = help.stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for values in ["values: on, off", "values: resend, skip", "values: power-loss, process-crash",
                       "values: text, json", "values: trace, debug, info, notice, warning, error, critical"] {
            #expect(text.contains(values), "missing '\(values)' in: \(help.stdout)")
        }
    }

    @Test func wrongValuesAndCombinationsAreUsageErrors() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 2)
        let cases: [([String], String)] = [
            (["--simulate", "--adaptive", "maybe"], "adaptive"),
            (["--simulate", "--on-unknown", "later"], "on-unknown"),
            (["--simulate", "--use-async", "yes"], "use-async"),
            (["--simulate", "--concurrency", "0"], "--concurrency must be 1...256"),
            (["--simulate", "--rate", "fast"], "--rate fast"),
            (["--simulate", "--cluster", "eu"], "--simulate cannot be combined"),
            (["--cluster", "eu", "--base-url", "http://127.0.0.1:9"], "either --cluster or --base-url"),
        ]
        for (arguments, message) in cases {
            let run = try BinaryProcess.run(["run", input.path] + arguments, environment: [:], in: directory)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: input.path + ".statusbatch"), "nothing was created")
    }
}
