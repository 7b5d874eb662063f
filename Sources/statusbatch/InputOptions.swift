import ArgumentParser
import StatusBatch

/// The flags that say how to read an input file, shared by `run` and `validate`.
struct InputOptions: ParsableArguments {
    @Option(help: "identifierName when the file has no such column (mobile, email, externalId, ...).")
    var identifierName: String?
    @Option(help: "source when the file has no such column.") var source = "INSTORE"
    @Option(help: "reason when the file has no such column (at most 50 characters).") var reason: String?
    @Option(help: "label when the file has no such column.") var label: String?
    @Option(help: "CSV delimiter: , ; | or tab (detected from the header when omitted).") var delimiter: String?
    @Option(help: "Text encoding of a file without a byte-order mark (a mark always wins; default utf-8).")
    var encoding: InputEncoding?
    @Option(help: "The sheet of an .xlsx workbook to read (default: the first).") var sheet: String?

    var defaults: InputDefaults {
        InputDefaults(identifierName: identifierName, source: source, reason: reason, label: label)
    }

    /// The delimiter asked for, if any; `tab` and `\t` mean a tab.
    func delimiterCharacter() throws -> Character? {
        guard let delimiter else { return nil }
        let character: Character? = delimiter == "tab" || delimiter == "\\t" ? "\t" : delimiter.first
        guard delimiter.count == 1 || character == "\t" else {
            throw StatusBatchError.usage("--delimiter must be one of , ; | or tab")
        }
        return character
    }

    /// These options as words of another command line: all of them to read the same file again (`reading`), else
    /// those that fill in missing columns (for a report of the job as the next input: failed.csv, undo.csv, which
    /// are UTF-8 CSV files).
    func arguments(reading: Bool) -> [String] {
        var words: [String] = []
        if let identifierName { words += ["--identifier-name", identifierName] }
        if source != "INSTORE" { words += ["--source", source] }
        if let reason { words += ["--reason", reason] }
        if let label { words += ["--label", label] }
        if let delimiter { words += ["--delimiter", delimiter] }
        if reading, let encoding { words += ["--encoding", encoding.rawValue] }
        if reading, let sheet { words += ["--sheet", sheet] }
        return words
    }
}
