extension JobStore {
    /// Rows a sending session may still finish: pending, waiting for a retry, or uncertain (a row waiting
    /// only for its `--verify all` read has succeeded already and is not counted again).
    public func sendableRowCount() throws -> Int {
        try database.scalarInt("SELECT COUNT(*) FROM rows WHERE state IN \(RowState.sqlList(RowState.unfinished))") ?? 0
    }

    /// Rows still to send whose label or source `held` names (every row still to send when it names none).
    public func unfinishedRowCount(heldBy held: ClaimFilter) throws -> Int {
        let (tests, values) = Self.heldTests(held, negated: false)
        let matching = tests.isEmpty ? "" : " AND (" + tests.joined(separator: " OR ") + ")"
        let statement = try database.prepare(
            "SELECT COUNT(*) FROM rows WHERE state IN \(RowState.sqlList(RowState.unfinished))\(matching)")
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : 0
    }
}
