extension JobStore {
    /// Rows a sending session may still send: pending, or waiting for a retry.
    public func sendableRowCount() throws -> Int {
        try database.scalarInt("SELECT COUNT(*) FROM rows WHERE state IN \(RowState.sqlList(RowState.sendable))") ?? 0
    }
}
