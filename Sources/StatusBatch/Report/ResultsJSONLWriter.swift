/// Writes `results.jsonl`: the records of results.csv, one JSON object per line, with typed values
/// (numbers, booleans, null, and `warnings` as an array).
public enum ResultsJSONLWriter {
    /// One row as a JSON object, keys as in results.csv.
    public static func line(_ row: StoredRow) -> String {
        var bytes: [UInt8] = []
        DerivedFields.with(row) { row, derived in withKeys { append(row, derived: derived, keys: $0, to: &bytes) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one row as a JSON object (without the line break) with `keys` from `withKeys`, written
    /// straight as bytes.
    static func append(_ row: ReportRow, derived: DerivedFields, keys: Keys, to out: inout [UInt8]) {
        var sink = JSONFieldSink(keys: keys)
        ResultFields.visit(row, derived: derived, into: &sink, out: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// `{"line":`, `,"identifierName":`, ...: the keys in order, as JSON, with what comes before each value.
    private static let keyPrefixes: [[UInt8]] = ResultsCSVWriter.columns.enumerated().map { index, key in
        Array(((index == 0 ? "{" : ",") + JSONText.string(key) + ":").utf8)
    }
    /// The prefixes one after the other, and where each ends.
    private static let keyBytes: [UInt8] = keyPrefixes.flatMap { $0 }
    private static let keyEnds: [Int] = keyPrefixes.reduce(into: []) { ends, prefix in ends.append((ends.last ?? 0) + prefix.count) }

    /// The keys' bytes, read in place: taking an element of a shared array per field retained and released it,
    /// and with two threads formatting, that reference count was a fifth of a report's time.
    struct Keys {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let ends: UnsafeBufferPointer<Int>
    }

    /// Runs `body` with the keys in place.
    static func withKeys<T>(_ body: (Keys) throws -> T) rethrows -> T {
        try keyBytes.withUnsafeBufferPointer { bytes in
            try keyEnds.withUnsafeBufferPointer { ends in try body(Keys(bytes: bytes, ends: ends)) }
        }
    }

    /// Streams every row of `store` into `path`.
    public static func write(store: JobStore, to path: String) throws {
        let file = try AtomicFileWriter(path: path)
        try withKeys { keys in
            try DerivedFields.forEachRow(of: store) { row, derived in
                try file.writeLine { append(row, derived: derived, keys: keys, to: &$0) }
            }
        }
        try file.commit()
    }
}

/// Writes fields as the members of one JSON object (the keys are the CSV columns).
private struct JSONFieldSink: ResultFieldSink {
    let keys: ResultsJSONLWriter.Keys
    private var key = 0

    init(keys: ResultsJSONLWriter.Keys) { self.keys = keys }

    private mutating func next(_ out: inout [UInt8]) {
        let start = key == 0 ? 0 : keys.ends[key - 1]
        out.append(contentsOf: UnsafeBufferPointer(rebasing: keys.bytes[start..<keys.ends[key]]))
        key += 1
    }

    mutating func text(_ value: ReportRow.Text?, to out: inout [UInt8]) {
        next(&out)
        if let value { JSONText.append(bytes: value, to: &out) } else { UTF8Bytes.append("null" as StaticString, to: &out) }
    }

    mutating func number(_ value: Int?, to out: inout [UInt8]) {
        next(&out)
        if let value { UTF8Bytes.append(value, to: &out) } else { UTF8Bytes.append("null" as StaticString, to: &out) }
    }

    mutating func count(_ value: Int, to out: inout [UInt8]) { number(value, to: &out) }

    mutating func flag(_ value: Bool, to out: inout [UInt8]) {
        next(&out)
        UTF8Bytes.append(value ? "true" as StaticString : "false", to: &out)
    }

    mutating func json(_ value: ReportRow.Text?, absent: StaticString, to out: inout [UInt8]) {
        next(&out)
        if let value { out.append(contentsOf: value) } else { UTF8Bytes.append(absent, to: &out) }
    }
}
