/// Everything the store knows about one row, for reports.
public struct StoredRow: Sendable, Equatable {
    public var id: Int
    public var line: Int
    public var state: RowState
    public var update: CustomerUpdate
    public var raw: String
    public var rejectReason: String?
    public var supersededByLine: Int?
    /// Attempts spent from the `--max-attempts` budget; throttled and outage retries give theirs back.
    /// The reports show `requests` instead.
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
    /// Requests of this row that timed out (each may have been applied).
    public var timeouts: Int = 0
    /// `X-Cap-RequestID` of the last answer.
    public var requestId: String?
    /// Requests sent for the row over all runs: throttled ones, refused ones and ones whose answer was
    /// lost (in flight when a run died or when the drain timed out) included. The reports' `attempts`.
    public var requests: Int = 0
    /// How the success is known (nil unless succeeded).
    public var confirmation: Confirmation?
    /// What `--verify all` found (nil when not read back).
    public var verification: Verification?
    /// Set when the label before the update was read (`--record-previous`): that label, nil for none.
    public var previous: PreviousLabel?
    /// Read-back calls made for the row.
    public var reads = 0
    /// Times the row's update was uncertain (answer lost, timed out, not the success document, in flight at a crash).
    public var uncertainCount = 0
    /// The customer's numeric id, when a lookup found it.
    public var customerId: String?

    /// Found in flight after a crash and sent again without a read-back settling it (a possible duplicate).
    public var resentAfterUnknown: Bool { unknownCount > 0 && confirmation == .resent }
}

/// Reading rows back, in input order, without loading them all.
extension JobStore {
    /// Calls `body` for each row in input order (or only rows in `states`, or only rows whose id is in `ids`).
    public func forEachRow(states: Set<RowState>? = nil, ids: ClosedRange<Int>? = nil,
                           _ body: (StoredRow) throws -> Void) throws {
        let ids = ids ?? Int.min...Int.max
        let timeouts = try timeoutCounts(ids: ids)
        let statement = try database.prepare("""
            SELECT id, line, state, identifier_name, identifier_value, label, reason, source, account_id, created_on,
                   raw, reject_reason, superseded_by_line, attempts, next_attempt_at, http_status, api_code, api_message,
                   created_id, warnings, unknown_count, first_sent_at, finished_at, latency_ms,
                   0 AS timeouts_counted_above, request_id, \(Self.requestsColumn),
                   confirmation, verification, previous_label, previous_read_at, reads, uncertain_count, customer_id
            FROM rows WHERE id BETWEEN ? AND ? ORDER BY id
            """)
        try statement.bind(.int(ids.lowerBound), .int(ids.upperBound))
        defer { statement.reset() }
        while try statement.step() {
            let state = RowState(rawValue: statement.text(2) ?? "") ?? .pending
            if let states, !states.contains(state) { continue }
            let update = CustomerUpdate(
                identifierName: statement.text(3) ?? "", identifierValue: statement.text(4) ?? "",
                label: statement.text(5) ?? "", reason: statement.text(6) ?? "", source: statement.text(7) ?? "",
                accountId: statement.text(8), createdOn: statement.text(9))
            var stored = StoredRow(
                id: statement.int(0), line: statement.int(1), state: state, update: update, raw: statement.text(10) ?? "",
                rejectReason: statement.text(11), supersededByLine: statement.optionalInt(12), attempts: statement.int(13),
                nextAttemptAt: statement.double(14), httpStatus: statement.optionalInt(15), apiCode: statement.text(16),
                apiMessage: statement.text(17), createdId: statement.text(18), warnings: statement.text(19),
                unknownCount: statement.int(20), firstSentAt: statement.optionalDouble(21),
                finishedAt: statement.optionalDouble(22), latencyMs: statement.optionalDouble(23),
                timeouts: timeouts[statement.int(0)] ?? 0, requestId: statement.text(25), requests: statement.int(26))
            stored.confirmation = statement.text(27).flatMap(Confirmation.init(rawValue:))
            stored.verification = statement.text(28).flatMap(Verification.init(rawValue:))
            if !statement.isNull(30) { stored.previous = PreviousLabel(label: statement.text(29)) }
            stored.reads = statement.int(31)
            stored.uncertainCount = statement.int(32)
            stored.customerId = statement.text(33)
            try body(stored)
        }
    }

    /// The reports' `requests`: a row still in flight has a request out that no commit counted yet (recovery
    /// counts it for good).
    static let requestsColumn = """
        requests + (state = '\(RowState.inFlight.rawValue)' AND step = '\(RowStep.send.rawValue)') AS requests
        """

    /// Requests that timed out, per row with any, among the rows whose id is in `ids`. Timed-out requests are rare
    /// and have their own index: one range read of them beats a probe per row.
    func timeoutCounts(ids: ClosedRange<Int>) throws -> [Int: Int] {
        var timeouts: [Int: Int] = [:]
        let timedOut = try database.prepare("""
            SELECT row_id, COUNT(*) FROM attempts
            WHERE outcome = '\(AttemptOutcome.timeout.rawValue)' AND call = '\(RequestCall.update.rawValue)' AND row_id BETWEEN ? AND ?
            GROUP BY row_id
            """)
        try timedOut.bind(.int(ids.lowerBound), .int(ids.upperBound))
        defer { timedOut.reset() }
        while try timedOut.step() { timeouts[timedOut.int(0)] = timedOut.int(1) }
        return timeouts
    }
}

/// Questions about the read-back.
extension JobStore {
    /// Succeeded rows whose previous label was read (`--record-previous`).
    public func previousRecordedCount() throws -> Int {
        try database.scalarInt("""
            SELECT COUNT(*) FROM rows
            WHERE state IN \(RowState.sqlList(RowState.succeededStates)) AND previous_read_at IS NOT NULL
            """) ?? 0
    }
}

/// Questions `statusbatch status` asks while a run may be writing.
extension JobStore {
    /// Answers recorded since `time` (seconds since 1970), and when the first of them came.
    public func answersSince(_ time: Double) throws -> (count: Int, first: Double?) {
        let statement = try database.prepare("SELECT COUNT(*), MIN(finished_at) FROM rows WHERE finished_at >= ?")
        try statement.bind(.double(time))
        defer { statement.reset() }
        return try statement.step() ? (statement.int(0), statement.optionalDouble(1)) : (0, nil)
    }

    /// The most recent error answer: when, which line, code and message.
    public func lastError() throws -> (at: Double, line: Int, code: String?, message: String)? {
        let statement = try database.prepare("""
            SELECT finished_at, line, api_code, api_message FROM rows
            WHERE state IN \(RowState.sqlList([.failed, .gaveUp, .waiting])) AND finished_at IS NOT NULL
            ORDER BY finished_at DESC LIMIT 1
            """)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return (statement.double(0), statement.int(1), statement.text(2), statement.text(3) ?? "")
    }
}

/// Summaries for `statusbatch validate`.
extension JobStore {
    /// The most frequent values of a column among rows in `state`, with counts and the first line.
    public func topValues(of column: ValidationColumn, state: RowState, limit: Int)
        throws -> [(value: String, count: Int, firstLine: Int)] {
        let statement = try database.prepare("""
            SELECT \(column.rawValue), COUNT(*), MIN(line) FROM rows WHERE state = ?
            GROUP BY 1 ORDER BY 2 DESC, 3 LIMIT ?
            """)
        try statement.bind(.text(state.rawValue), .int(limit))
        defer { statement.reset() }
        var result: [(String, Int, Int)] = []
        while try statement.step() { result.append((statement.text(0) ?? "", statement.int(1), statement.int(2))) }
        return result
    }

    /// Customers that appear on more than one valid row.
    public func duplicateCustomerCount() throws -> Int {
        try database.scalarInt("SELECT COUNT(DISTINCT customer_key) FROM rows WHERE state = '\(RowState.superseded.rawValue)'") ?? 0
    }
}

/// Columns `topValues` may group by.
public enum ValidationColumn: String, Sendable {
    case rejectReason = "reject_reason"
    case identifierName = "identifier_name"
    case label
    case source
}
