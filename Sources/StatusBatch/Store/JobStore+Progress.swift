extension JobStore {
    /// Rows a sending session may still finish: pending, waiting for a retry, or uncertain (a row waiting
    /// only for its `--verify all` read has succeeded already and is not counted again).
    public func sendableRowCount() throws -> Int {
        try database.scalarInt("SELECT COUNT(*) FROM rows WHERE state IN \(RowState.sqlList(RowState.unfinished))") ?? 0
    }
}
