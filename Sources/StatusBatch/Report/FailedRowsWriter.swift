/// Writes `failed.csv`: the failed, gave-up and unknown rows in the input's own columns, so the file
/// can be the input of the next run.
public enum FailedRowsWriter {
    /// States whose rows go into failed.csv.
    public static let states: Set<RowState> = [.failed, .gaveUp, .unknown, .inFlight]

    /// Writes the rows; `header` is the CSV input's header, or nil for JSONL input (canonical columns then).
    /// Returns how many rows were written.
    @discardableResult
    public static func write(store: JobStore, header: [String]?, to path: String) throws -> Int {
        let file = try AtomicFileWriter(path: path)
        let columns = header ?? InputColumn.allCases.map(\.rawValue)
        try file.writeLine(CSVLine.encode(columns.map(SpreadsheetSafety.neutralize)))
        var count = 0
        try store.forEachRow(states: states) { row in
            count += 1
            if header != nil {
                try file.writeLine(row.raw)
            } else {
                let u = row.update
                try file.writeLine(CSVLine.encode([u.identifierName, u.identifierValue, u.label, u.reason, u.source,
                                                   u.accountId ?? "", u.createdOn ?? ""].map(SpreadsheetSafety.neutralize)))
            }
        }
        try file.commit()
        return count
    }
}
