/// Writes `failed.csv`: the failed, gave-up and unknown rows in the input's own columns, so the file
/// can be the input of the next run.
public enum FailedRowsWriter {
    /// States whose rows go into failed.csv.
    public static let states = Set(RowState.needsAttention)

    /// Writes the rows; `header` is the CSV input's header, or nil for JSONL input (canonical columns then).
    /// Returns how many rows were written.
    @discardableResult
    public static func write(store: JobStore, header: [String]?, to path: String) throws -> Int {
        let file = try AtomicFileWriter(path: path)
        try file.writeLine(headerLine(header))
        var count = 0
        try store.forEachRow(states: states) { row in
            count += 1
            try file.writeLine(line(update: row.update, raw: row.raw, header: header))
        }
        try file.commit()
        return count
    }

    /// The first line of failed.csv.
    static func headerLine(_ header: [String]?) -> String {
        CSVLine.encode((header ?? InputColumn.allCases.map(\.rawValue)).map(SpreadsheetSafety.neutralize))
    }

    /// One row of failed.csv: the record as the input had it (`raw`, for CSV input), or the canonical columns of
    /// `update` (JSONL input).
    static func line(update u: CustomerUpdate, raw: String, header: [String]?) -> String {
        if header != nil { return raw }
        return CSVLine.encode([u.identifierName, u.identifierValue, u.label, u.reason, u.source,
                               u.accountId ?? "", u.createdOn ?? ""].map(SpreadsheetSafety.neutralize))
    }
}
