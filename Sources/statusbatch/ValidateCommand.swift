import ArgumentParser
import Foundation
import StatusBatch

/// `statusbatch validate INPUT`: read and check the whole file, send nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an input file without sending: rows that would be sent, rejected or superseded, and an estimate.",
        discussion: "Exit 0 when every row is usable, 1 when rows would be rejected, 2 when the file itself is unusable.")

    @Argument(help: "The input file: CSV with a header line or JSON Lines, UTF-8 or UTF-16 (or --encoding), optionally gzip-compressed; - reads standard input.") var input: String
    @OptionGroup var inputOptions: InputOptions
    @Option(help: "The rate the duration estimate assumes (N/s or N/m).") var rate = "1/s"

    func run() throws {
        guard input == "-" || FileManager.default.isReadableFile(atPath: input) else {
            throw StatusBatchError.usage("\(input): no such readable file")
        }
        let report = try InputValidation.run(inputPath: input, defaults: inputOptions.defaults,
                                             delimiter: try inputOptions.delimiterCharacter(),
                                             encoding: inputOptions.encoding, sheet: inputOptions.sheet,
                                             rate: try SendRate(parsing: rate))
        print(ValidationPrinter.text(report))
        throw ExitCode(report.rejected > 0 ? ExitStatus.rowsFailed.rawValue : ExitStatus.success.rawValue)
    }
}

/// The text `validate` and `run --dry-run` print.
enum ValidationPrinter {
    static func text(_ report: InputValidation) -> String {
        var lines = ["\(report.input): \(report.rows) rows"]
        if let problem = report.encodingProblem { lines.insert("warning: " + problem, at: 0) }
        lines.append("  would send  \(report.wouldSend)")
        lines.append("  rejected    \(report.rejected)")
        lines.append("  superseded  \(report.superseded) (\(report.duplicateCustomers) customers appear more than once; the last row wins)")
        func list(_ title: String, _ tallies: [InputValidation.Tally]) {
            guard !tallies.isEmpty else { return }
            lines.append(title)
            for tally in tallies { lines.append("  \(tally.count) × \(tally.value) (first on line \(tally.firstLine))") }
        }
        list("rejections:", report.rejectionReasons)
        list("identifier types:", report.identifierNames)
        list("labels:", report.labels)
        list("sources:", report.sources)
        lines.append(String(format: "estimate: %d API calls, %@ at %@", report.apiCalls,
                            duration(report.estimatedSeconds), report.rate.text))
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total % 3600 / 60) min"
    }
}
