import Foundation

extension JobStore {
    /// Rows a sending session may still finish: pending, waiting for a retry, or uncertain (a row waiting
    /// only for its `--verify all` read has succeeded already and is not counted again).
    public func sendableRowCount() throws -> Int {
        try database.scalarInt("SELECT COUNT(*) FROM rows WHERE state IN \(RowState.sqlList(RowState.unfinished))") ?? 0
    }

    /// Rows still to send whose label or source `held` names (every row still to send when it names none).
    /// Pass a `HeldConstant.rowsHeld`.
    public func unfinishedRowCount(heldBy held: ClaimFilter) throws -> Int {
        let (tests, values) = Self.heldTests(held, negated: false)
        let matching = tests.isEmpty ? "" : " AND (" + tests.joined(separator: " OR ") + ")"
        let statement = try database.prepare(
            "SELECT COUNT(*) FROM rows WHERE state IN \(RowState.sqlList(RowState.unfinished))\(matching)")
        try statement.bind(values)
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : 0
    }

    /// Keeps the constants held back for a systematic mistake (an empty list clears them).
    public func setHeld(_ held: [HeldConstant]) throws {
        let json: Data
        do { json = try JSONEncoder().encode(held) } catch { throw StatusBatchError(.stoppedEarly, "cannot record the held rows: \(error)") }
        try setMeta([JobMetaKey.held: String(decoding: json, as: UTF8.self)])
    }

    /// The constants the latest run held back (none when it held nothing or predates them).
    public func held() throws -> [HeldConstant] {
        guard let text = try meta(JobMetaKey.held), !text.isEmpty else { return [] }
        do {
            return try JSONDecoder().decode([HeldConstant].self, from: Data(text.utf8))
        } catch {
            throw StatusBatchError(.stoppedEarly, "the job's record of held rows is damaged (\(JobMetaKey.held)): \(error)")
        }
    }

    /// Keeps the per-window quota a run learnt (nil forgets it).
    public func setLearntQuota(_ learnt: LearnedQuota?) throws {
        let text = try learnt.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } ?? ""
        try setMeta([JobMetaKey.learntQuota: text])
    }

    /// The per-window quota an earlier run learnt, if any (an unreadable record counts as none: it is relearnt).
    public func learntQuota() throws -> LearnedQuota? {
        guard let text = try meta(JobMetaKey.learntQuota), !text.isEmpty else { return nil }
        return try? JSONDecoder().decode(LearnedQuota.self, from: Data(text.utf8))
    }
}
