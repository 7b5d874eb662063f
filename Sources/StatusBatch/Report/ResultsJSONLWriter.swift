/// Writes `results.jsonl`: the records of results.csv, one JSON object per line, with typed values
/// (numbers, booleans, null, and `warnings` as an array).
public enum ResultsJSONLWriter {
    /// One row as a JSON object, keys as in results.csv.
    public static func line(_ row: StoredRow) -> String {
        func text(_ value: String?) -> String { value.map(JSONText.string) ?? "null" }
        func number(_ value: Int?) -> String { value.map(String.init) ?? "null" }
        func decimal(_ value: Double?) -> String { value.map { String(($0 * 10).rounded() / 10) } ?? "null" }
        let pairs: [(String, String)] = [
            ("line", String(row.line)),
            ("identifierName", text(row.update.identifierName)),
            ("identifierValue", text(row.update.identifierValue)),
            ("label", text(row.update.label)),
            ("outcome", text(RowOutcomeName.of(row.state))),
            ("http_status", number(row.httpStatus)),
            ("code", text(row.apiCode)),
            ("message", text(RowOutcomeName.message(row))),
            ("created_id", text(row.createdId)),
            ("attempts", String(row.requests)),
            ("resent_after_unknown", row.resentAfterUnknown ? "true" : "false"),
            ("superseded_by_line", number(row.supersededByLine)),
            ("warnings", row.warnings ?? "[]"),
            ("first_sent_at", text(row.firstSentAt.map(Timestamp.iso))),
            ("finished_at", text(row.finishedAt.map(Timestamp.iso))),
            ("latency_ms", decimal(row.latencyMs)),
            ("timeouts", String(row.timeouts)),
            ("request_id", text(row.requestId)),
        ]
        return "{" + pairs.map { JSONText.string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// Streams every row of `store` into `path`.
    public static func write(store: JobStore, to path: String) throws {
        let file = try AtomicFileWriter(path: path)
        try store.forEachRow { row in try file.writeLine(line(row)) }
        try file.commit()
    }
}
