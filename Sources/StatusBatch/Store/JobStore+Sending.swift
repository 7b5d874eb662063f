/// A row claimed for sending: committed as `in_flight` before its request leaves.
public struct ClaimedRow: Sendable, Equatable {
    public var id: Int
    public var line: Int
    public var update: CustomerUpdate
    /// Attempts spent from the `--max-attempts` budget, including the one about to be made (throttled
    /// and outage retries give theirs back, so this is not the number of requests sent).
    public var attempts: Int
    /// Throttled answers (429, 461, 521) so far; they have their own budget.
    public var throttles: Int = 0
}

/// Which budget a retry spends.
public enum RetryBudget: String, Sendable, Equatable {
    /// A 5xx or network error: spends one of `--max-attempts`.
    case attempts
    /// Throttled (429, 461, 521): spends one of the separate, larger throttle budget.
    case throttle
    /// The API is down (an outage): spends nothing.
    case free
}

/// One request of one row, as the attempt history stores it.
public struct AttemptRecord: Sendable, Equatable {
    public var attempt: Int
    /// When the pacer scheduled the request to start, and when it started.
    public var scheduledAt: Double?
    public var startedAt: Double
    public var durationMs: Double
    public var httpStatus: Int?
    public var code: String?
    /// `success`, `permanent`, `transient`, `throttled` or `fatal`.
    public var outcome: String
    public var retryAfter: Double?

    public init(attempt: Int, scheduledAt: Double?, startedAt: Double, durationMs: Double, httpStatus: Int?,
                code: String?, outcome: String, retryAfter: Double?) {
        self.attempt = attempt
        self.scheduledAt = scheduledAt
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.httpStatus = httpStatus
        self.code = code
        self.outcome = outcome
        self.retryAfter = retryAfter
    }
}

/// A span of time in which no request of the pool could start.
public struct PauseRecord: Sendable, Equatable {
    public var cause: String
    public var startedAt: Double
    public var endedAt: Double

    public init(cause: String, startedAt: Double, endedAt: Double) {
        self.cause = cause
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// What happened to a claimed row, as the store records it.
public enum RowResolution: Sendable, Equatable {
    case succeeded(createdId: String?, warnings: String?)
    case failed(code: String?, message: String)
    /// A transient failure: send again at `retryAt`, spending from `budget`.
    case retry(at: Double, code: String?, message: String, budget: RetryBudget = .attempts)
    case gaveUp(code: String?, message: String)
    /// Back to `pending` with the attempt not counted: not sent after all (a stop), or refused for the
    /// whole job (credentials, TLS). A refused request was sent: it keeps counting in `requests`.
    case released
}

/// The result of one claimed row, ready to be committed with others in one transaction.
public struct RowOutcome: Sendable, Equatable {
    public var rowId: Int
    public var resolution: RowResolution
    public var httpStatus: Int?
    public var latencyMs: Double?
    public var sentAt: Double?
    public var finishedAt: Double
    /// The request, for the attempt history; nil when none was sent.
    public var attempt: AttemptRecord?
    /// The `X-Cap-RequestID` of the answer, to trace the row with Capillary support.
    public var requestId: String?

    public init(rowId: Int, resolution: RowResolution, httpStatus: Int? = nil, latencyMs: Double? = nil,
                sentAt: Double? = nil, finishedAt: Double, attempt: AttemptRecord? = nil) {
        self.attempt = attempt
        self.rowId = rowId
        self.resolution = resolution
        self.httpStatus = httpStatus
        self.latencyMs = latencyMs
        self.sentAt = sentAt
        self.finishedAt = finishedAt
    }
}

/// Claiming rows and recording what happened to them, in small transactions (group commit).
extension JobStore {
    /// Marks up to `limit` sendable rows due by `now` as `in_flight` and commits, in input order
    /// (retries by their due time). Counts one attempt of the budget and one request for each.
    public func claim(limit: Int, now: Double) throws -> [ClaimedRow] {
        try database.transaction {
            let statement = try database.prepare("""
                UPDATE rows SET state = 'in_flight', attempts = attempts + 1, requests = requests + 1
                WHERE id IN (SELECT id FROM rows WHERE state IN ('pending', 'waiting') AND next_attempt_at <= ?
                             ORDER BY next_attempt_at, id LIMIT ?)
                RETURNING id, line, identifier_name, identifier_value, label, reason, source, account_id, created_on,
                          attempts, next_attempt_at, throttles
                """)
            try statement.bind(.double(now), .int(limit))
            defer { statement.reset() }
            var claimed: [(due: Double, row: ClaimedRow)] = []
            while try statement.step() {
                let update = CustomerUpdate(
                    identifierName: statement.text(2) ?? "", identifierValue: statement.text(3) ?? "",
                    label: statement.text(4) ?? "", reason: statement.text(5) ?? "", source: statement.text(6) ?? "",
                    accountId: statement.text(7), createdOn: statement.text(8))
                claimed.append((statement.double(10),
                                ClaimedRow(id: statement.int(0), line: statement.int(1), update: update, attempts: statement.int(9),
                                           throttles: statement.int(11))))
            }
            return claimed.sorted { ($0.due, $0.row.id) < ($1.due, $1.row.id) }.map(\.row)
        }
    }

    /// Commits the outcomes of many rows, their attempt history and pauses, in one transaction.
    public func record(_ outcomes: [RowOutcome], pauses: [PauseRecord] = []) throws {
        guard !outcomes.isEmpty || !pauses.isEmpty else { return }
        try database.transaction {
            let history = try database.prepare("""
                INSERT INTO attempts(row_id, attempt, scheduled_at, started_at, duration_ms, http_status, code, outcome, retry_after)
                VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for outcome in outcomes {
                guard let a = outcome.attempt else { continue }
                try history.bind(.int(outcome.rowId), .int(a.attempt), .optional(a.scheduledAt), .double(a.startedAt),
                                 .double(a.durationMs), .optional(a.httpStatus), .optional(a.code), .text(a.outcome),
                                 .optional(a.retryAfter)).run()
            }
            let pause = try database.prepare("INSERT INTO pauses(cause, started_at, ended_at) VALUES(?, ?, ?)")
            for record in pauses {
                try pause.bind(.text(record.cause), .double(record.startedAt), .double(record.endedAt)).run()
            }
            let refund = try database.prepare("""
                UPDATE rows SET attempts = MAX(attempts - 1, 0), throttles = throttles + ? WHERE id = ?
                """)
            let finish = try database.prepare("""
                UPDATE rows SET state = ?, http_status = ?, api_code = ?, api_message = ?, created_id = ?, warnings = ?,
                    next_attempt_at = ?, latency_ms = ?, finished_at = ?, request_id = COALESCE(?, request_id),
                    first_sent_at = COALESCE(first_sent_at, ?), last_sent_at = COALESCE(?, last_sent_at)
                WHERE id = ? AND state = 'in_flight'
                """)
            let release = try database.prepare("""
                UPDATE rows SET state = 'pending', attempts = MAX(attempts - 1, 0), requests = MAX(requests - ?, 0)
                WHERE id = ? AND state = 'in_flight'
                """)
            for outcome in outcomes {
                var state = RowState.succeeded
                var code: String?, message: String?, createdId: String?, warnings: String?
                var nextAttempt = 0.0
                var refundBudget: RetryBudget?
                switch outcome.resolution {
                case .released:
                    // Only a row whose request never left gives the request back.
                    try release.bind(.int(outcome.attempt == nil ? 1 : 0), .int(outcome.rowId)).run()
                    continue
                case .succeeded(let id, let warn): createdId = id; warnings = warn
                case .failed(let c, let m): state = .failed; code = c; message = m
                case .gaveUp(let c, let m): state = .gaveUp; code = c; message = m
                case .retry(let at, let c, let m, let budget):
                    state = .waiting; code = c; message = m; nextAttempt = at
                    if budget != .attempts { refundBudget = budget }
                }
                try finish.bind(
                    .text(state.rawValue), .optional(outcome.httpStatus), .optional(code), .optional(message),
                    .optional(createdId), .optional(warnings), .double(nextAttempt), .optional(outcome.latencyMs),
                    .double(outcome.finishedAt), .optional(outcome.requestId), .optional(outcome.sentAt), .optional(outcome.sentAt), .int(outcome.rowId)
                ).run()
                // A throttled or outage retry gives its attempt back (throttles have their own budget);
                // the request still counts in `requests`.
                if let refundBudget, database.changes > 0 {
                    try refund.bind(.int(refundBudget == .throttle ? 1 : 0), .int(outcome.rowId)).run()
                }
            }
        }
    }
}
