/// The kinds of input file StatusBatch reads.
public enum InputFormat: String, Sendable, Codable {
    case csv, jsonl
    /// An Excel workbook's sheet (`XLSXWorkbook`).
    case xlsx

    /// True when the input names its columns in a header row, which failed.csv repeats (a sheet's rows are
    /// written there as CSV).
    public var hasHeaderRow: Bool { self != .jsonl }

    /// `.jsonl`/`.ndjson`/`.json` by extension (before a `.gz`); otherwise JSONL when the first non-blank byte is `{`.
    static func detect(path: String, prefix: [UInt8]) -> InputFormat {
        var lower = path.lowercased()
        if lower.hasSuffix(".gz") { lower.removeLast(3) }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
        let body = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(prefix.dropFirst(3)) : prefix
        let first = body.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }
        return first == UInt8(ascii: "{") ? .jsonl : .csv
    }
}
