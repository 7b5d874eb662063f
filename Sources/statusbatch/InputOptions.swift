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

    /// These flags as they must be repeated on another command line (for a report of the job as its input).
    var flags: [String] {
        var result: [String] = []
        if let identifierName { result.append("--identifier-name \(identifierName)") }
        if source != "INSTORE" { result.append("--source \(source)") }
        if let reason { result.append("--reason '\(reason)'") }
        if let label { result.append("--label '\(label)'") }
        if let delimiter { result.append("--delimiter '\(delimiter)'") }
        // Not --encoding or --sheet: the reports the command is repeated for (failed.csv, undo.csv) are UTF-8.
        return result
    }
}
