/// Everything the store knows about one row, for reports.
public struct StoredRow: Sendable, Equatable {
    public var id: Int
    public var line: Int
    public var state: RowState
    public var update: CustomerUpdate
    public var raw: String
    public var rejectReason: String?
    public var supersededByLine: Int?
    public var attempts: Int
    public var nextAttemptAt: Double
    public var httpStatus: Int?
    public var apiCode: String?
    public var apiMessage: String?
    public var createdId: String?
    public var warnings: String?
    public var unknownCount: Int
    public var firstSentAt: Double?
    public var finishedAt: Double?
    public var latencyMs: Double?
}

/// Reading rows back, in input order, without loading them all.
extension JobStore {
    /// Calls `body` for each row in input order (or only rows in `states`).
    public func forEachRow(states: Set<RowState>? = nil, _ body: (StoredRow) throws -> Void) throws {
        let statement = try database.prepare("""
            SELECT id, line, state, identifier_name, identifier_value, label, reason, source, account_id, created_on,
                   raw, reject_reason, superseded_by_line, attempts, next_attempt_at, http_status, api_code, api_message,
                   created_id, warnings, unknown_count, first_sent_at, finished_at, latency_ms
            FROM rows ORDER BY id
            """)
        defer { statement.reset() }
        while try statement.step() {
            let state = RowState(rawValue: statement.text(2) ?? "") ?? .pending
            if let states, !states.contains(state) { continue }
            let update = CustomerUpdate(
                identifierName: statement.text(3) ?? "", identifierValue: statement.text(4) ?? "",
                label: statement.text(5) ?? "", reason: statement.text(6) ?? "", source: statement.text(7) ?? "",
                accountId: statement.text(8), createdOn: statement.text(9))
            try body(StoredRow(
                id: statement.int(0), line: statement.int(1), state: state, update: update, raw: statement.text(10) ?? "",
                rejectReason: statement.text(11), supersededByLine: statement.optionalInt(12), attempts: statement.int(13),
                nextAttemptAt: statement.double(14), httpStatus: statement.optionalInt(15), apiCode: statement.text(16),
                apiMessage: statement.text(17), createdId: statement.text(18), warnings: statement.text(19),
                unknownCount: statement.int(20), firstSentAt: statement.optionalDouble(21),
                finishedAt: statement.optionalDouble(22), latencyMs: statement.optionalDouble(23)))
        }
    }
}
