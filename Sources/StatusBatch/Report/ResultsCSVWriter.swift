import Foundation

/// Writes `results.csv`: one line per input record, in input order.
public enum ResultsCSVWriter {
    public static let columns = [
        "line", "identifierName", "identifierValue", "label", "outcome", "http_status", "code", "message",
        "created_id", "attempts", "resent_after_unknown", "superseded_by_line", "warnings", "first_sent_at",
        "finished_at", "latency_ms", "timeouts", "request_id",
    ]

    /// The CSV fields of one row.
    public static func fields(_ row: StoredRow) -> [String] {
        [
            String(row.line), row.update.identifierName, row.update.identifierValue, row.update.label,
            RowOutcomeName.of(row.state), row.httpStatus.map(String.init) ?? "", row.apiCode ?? "",
            RowOutcomeName.message(row), row.createdId ?? "", String(row.requests),
            row.resentAfterUnknown ? "yes" : "", row.supersededByLine.map(String.init) ?? "", row.warnings ?? "",
            row.firstSentAt.map(Timestamp.iso) ?? "", row.finishedAt.map(Timestamp.iso) ?? "",
            row.latencyMs.map { String(format: "%.1f", $0) } ?? "",
            row.timeouts > 0 ? String(row.timeouts) : "", row.requestId ?? "",
        ]
    }

    /// Streams every row of `store` into `path`.
    public static func write(store: JobStore, to path: String) throws {
        let file = try AtomicFileWriter(path: path)
        try file.writeLine(CSVLine.encode(columns))
        try store.forEachRow { row in
            try file.writeLine(CSVLine.encode(fields(row).map(SpreadsheetSafety.neutralize)))
        }
        try file.commit()
    }
}

/// Formats stored times (seconds since 1970) for reports.
public enum Timestamp {
    /// ISO 8601 UTC with milliseconds, e.g. 2026-11-29T03:26:55.123Z.
    public static func iso(_ seconds: Double) -> String {
        let totalMillis = Int64((seconds * 1000).rounded())
        var time = time_t(totalMillis / 1000)
        var parts = tm()
        gmtime_r(&time, &parts)
        let millis = Int(totalMillis % 1000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
