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
        var key = 0
        func next() { UTF8Bytes.append(keyPrefixes[key], to: &out); key += 1 }
        func raw(_ value: String) { next(); UTF8Bytes.append(value, to: &out) }
        func text(_ value: String?) {
            next()
            if let value { JSONText.append(value, to: &out) } else { UTF8Bytes.append("null", to: &out) }
        }
        func number(_ value: Int?) { raw(value.map(String.init) ?? "null") }
        // In the order of ResultsCSVWriter.columns, which are also the keys.
        raw(String(row.line))
        text(row.update.identifierName)
        text(row.update.identifierValue)
        text(row.update.label)
        text(RowOutcomeName.of(row.state))
        number(row.httpStatus)
        text(row.apiCode)
        text(RowOutcomeName.message(row))
        text(row.createdId)
        raw(String(row.requests))  // attempts
        raw(row.resentAfterUnknown ? "true" : "false")
        number(row.supersededByLine)
        raw(row.warnings ?? "[]")
        text(times.firstSent)
        text(times.finished)
        raw(times.latency ?? "null")
        raw(String(row.timeouts))
        text(row.requestId)
        text(row.confirmation?.rawValue)
        text(row.verification?.rawValue)
        text(row.previous?.label)
        raw(String(row.reads))
        text(row.update.createdOn)
        out.append(UInt8(ascii: "}"))
    }

    /// `{"line":`, `,"identifierName":`, ...: the keys in order, as JSON, with what comes before each value.
    private static let keyPrefixes: [String] = ResultsCSVWriter.columns.enumerated().map { index, key in
        (index == 0 ? "{" : ",") + JSONText.string(key) + ":"
    }

    /// Streams every row of `store` into `path`.
    public static func write(store: JobStore, to path: String) throws {
        let file = try AtomicFileWriter(path: path)
        try store.forEachRow { row in try file.writeLine { append(row, times: RowTimes(row), to: &$0) } }
        try file.commit()
    }
}
