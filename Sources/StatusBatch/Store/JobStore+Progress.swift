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
    public func setHeld(_ held: [HeldConstant]) throws { try setMetaJSON(held, key: JobMetaKey.held) }

    /// The constants the latest run held back (none when it held nothing or predates them).
    public func held() throws -> [HeldConstant] { try metaJSON([HeldConstant].self, key: JobMetaKey.held) ?? [] }

    /// Keeps the limit a run learnt (nil forgets it).
    public func setLearntLimit(_ learnt: LearnedLimit?) throws {
        if let learnt { try setMetaJSON(learnt, key: JobMetaKey.learntLimit) } else { try setMeta([JobMetaKey.learntLimit: ""]) }
    }

    /// The limit an earlier run learnt, if any (an unreadable record counts as none: it is relearnt).
    public func learntLimit() throws -> LearnedLimit? {
        (try? metaJSON(LearnedLimit.self, key: JobMetaKey.learntLimit)) ?? nil
    }

    /// Stores `value` as JSON under `key`.
    private func setMetaJSON<Value: Encodable>(_ value: Value, key: String) throws {
        let json: Data
        do { json = try JSONEncoder().encode(value) } catch { throw StatusBatchError(.stoppedEarly, "cannot record \(key): \(error)") }
        try setMeta([key: String(decoding: json, as: UTF8.self)])
    }

    /// The JSON value stored under `key` (nil when there is none); a value that does not decode is an error.
    private func metaJSON<Value: Decodable>(_ type: Value.Type, key: String) throws -> Value? {
        guard let text = try meta(key), !text.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StatusBatchError(.stoppedEarly, "the job's record \(key) is damaged: \(error)")
        }
    }
}
