/// Writes `undo.csv`: an input file that puts back, for every succeeded row whose previous label was read
/// (`--record-previous`), the label the customer had before; and `undo-skipped.csv`: the succeeded rows that
/// are not undone, and why (no previous label, the label was changed since, nothing to restore).
public enum UndoWriter {
    /// The columns of undo.csv (a valid StatusBatch input).
    public static let columns = ["identifierName", "identifierValue", "source", "accountId", "label", "reason"]
    /// The columns of undo-skipped.csv.
    public static let skippedColumns = ["line", "identifierName", "identifierValue", "label", "previous_label", "why"]
    /// What an undo reason starts with; the whole reason is cut to the API's limit (50 characters).
    public static let reasonPrefix = "undo: "

    /// How many rows undo.csv and undo-skipped.csv hold.
    public struct Counts: Sendable, Equatable {
        public var undone = 0
        public var skipped = 0
    }

    /// Why a succeeded row is not undone; nil when it is.
    static func skipReason(_ row: StoredRow) -> String? {
        guard let previous = row.previous else {
            return "the previous label was not recorded (the row was sent without --record-previous)"
        }
        guard let label = previous.label else { return "the customer had no status label before" }
        if row.verification == .mismatched {
            return "the active label is no longer this job's (changed since; read back by --verify all): not undone blindly"
        }
        if label.lowercased() == row.update.label.lowercased() { return "the customer already had this label" }
        return nil
    }

    /// The undo.csv fields of a row to undo.
    static func undoFields(_ row: StoredRow) -> [String] {
        let update = row.update
        let reason = String((reasonPrefix + update.reason).prefix(CapillaryVocabulary.maxReasonLength))
        return [update.identifierName, update.identifierValue, update.source, update.accountId ?? "",
                row.previous?.label ?? "", reason]
    }

    /// Writes both files into `directory`. Throws when no succeeded row has a recorded previous label.
    public static func write(store: JobStore, directory: String) throws -> Counts {
        guard try store.previousRecordedCount() > 0 else {
            throw StatusBatchError.usage(
                "\(directory): no succeeded row has a recorded previous label; a job can be undone only when it was run with --record-previous")
        }
        let undo = try AtomicFileWriter(path: directory + "/undo.csv")
        let skipped = try AtomicFileWriter(path: directory + "/undo-skipped.csv")
        try undo.writeLine(CSVLine.encode(columns))
        try skipped.writeLine(CSVLine.encode(skippedColumns))
        var counts = Counts()
        try store.forEachRow(states: Set(RowState.succeededStates)) { row in
            if let why = skipReason(row) {
                counts.skipped += 1
                try skipped.writeLine { CSVLine.append([String(row.line), row.update.identifierName, row.update.identifierValue,
                                                         row.update.label, row.previous?.label ?? "", why],
                                                        neutralizing: true, to: &$0) }
            } else {
                counts.undone += 1
                try undo.writeLine(CSVLine.encode(undoFields(row)))
            }
        }
        try undo.commit()
        try skipped.commit()
        return counts
    }
}
