/// Writes `results.jsonl`: the records of results.csv, one JSON object per line, with typed values
/// (numbers, booleans, null, and `warnings` as an array).
public enum ResultsJSONLWriter {
    /// One row as a JSON object, keys as in results.csv.
    public static func line(_ row: StoredRow) -> String {
        var bytes: [UInt8] = []
        append(row, times: RowTimes(row), to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one row as a JSON object (without the line break), written straight as bytes.
    static func append(_ row: StoredRow, times: RowTimes, to out: inout [UInt8]) {
        var sink = JSONFieldSink()
        ResultFields.visit(row, times: times, into: &sink, out: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `{"line":`, `,"identifierName":`, ...: the keys in order, as JSON, with what comes before each value.
    fileprivate static let keyPrefixes: [[UInt8]] = ResultsCSVWriter.columns.enumerated().map { index, key in
        Array(((index == 0 ? "{" : ",") + JSONText.string(key) + ":").utf8)
    }
    fileprivate static let null = Array("null".utf8)

    /// Streams every row of `store` into `path`.
    public static func write(store: JobStore, to path: String) throws {
        let file = try AtomicFileWriter(path: path)
        try store.forEachRow { row in try file.writeLine { append(row, times: RowTimes(row), to: &$0) } }
        try file.commit()
    }
}

/// Writes fields as the members of one JSON object (the keys are the CSV columns).
private struct JSONFieldSink: ResultFieldSink {
    private var key = 0

    private mutating func next(_ out: inout [UInt8]) {
        out.append(contentsOf: ResultsJSONLWriter.keyPrefixes[key])
        key += 1
    }

    mutating func text(_ value: String?, to out: inout [UInt8]) {
        next(&out)
        if let value { JSONText.append(value, to: &out) } else { out.append(contentsOf: ResultsJSONLWriter.null) }
    }

    mutating func number(_ value: Int?, to out: inout [UInt8]) {
        next(&out)
        if let value { UTF8Bytes.append(value, to: &out) } else { out.append(contentsOf: ResultsJSONLWriter.null) }
    }

    mutating func count(_ value: Int, to out: inout [UInt8]) { number(value, to: &out) }

    mutating func flag(_ value: Bool, to out: inout [UInt8]) {
        next(&out)
        UTF8Bytes.append(value ? "true" : "false", to: &out)
    }

    mutating func json(_ value: String?, absent: String, to out: inout [UInt8]) {
        next(&out)
        UTF8Bytes.append(value ?? absent, to: &out)
    }
}
