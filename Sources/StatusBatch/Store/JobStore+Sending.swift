/// A row claimed for sending: committed as `in_flight` before its request leaves.
public struct ClaimedRow: Sendable, Equatable {
    public var id: Int
    public var line: Int
    public var update: CustomerUpdate
    /// Attempts including the one about to be made.
    public var attempts: Int
}

/// What happened to a claimed row, as the store records it.
public enum RowResolution: Sendable, Equatable {
    case succeeded(createdId: String?, warnings: String?)
    case failed(code: String?, message: String)
    /// A transient failure: send again at `retryAt`.
    case retry(at: Double, code: String?, message: String)
    case gaveUp(code: String?, message: String)
    /// Not sent after all (stop, or the whole job is refused): back to `pending`, the attempt not counted.
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

    public init(rowId: Int, resolution: RowResolution, httpStatus: Int? = nil, latencyMs: Double? = nil,
                sentAt: Double? = nil, finishedAt: Double) {
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
    /// (retries by their due time).
    public func claim(limit: Int, now: Double) throws -> [ClaimedRow] {
        try database.transaction {
            let statement = try database.prepare("""
                UPDATE rows SET state = 'in_flight', attempts = attempts + 1
                WHERE id IN (SELECT id FROM rows WHERE state IN ('pending', 'waiting') AND next_attempt_at <= ?
                             ORDER BY next_attempt_at, id LIMIT ?)
                RETURNING id, line, identifier_name, identifier_value, label, reason, source, account_id, created_on,
                          attempts, next_attempt_at
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
                                ClaimedRow(id: statement.int(0), line: statement.int(1), update: update, attempts: statement.int(9))))
            }
            return claimed.sorted { ($0.due, $0.row.id) < ($1.due, $1.row.id) }.map(\.row)
        }
    }

    /// Commits the outcomes of many rows in one transaction.
    public func record(_ outcomes: [RowOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        try database.transaction {
            let finish = try database.prepare("""
                UPDATE rows SET state = ?, http_status = ?, api_code = ?, api_message = ?, created_id = ?, warnings = ?,
                    next_attempt_at = ?, latency_ms = ?, finished_at = ?,
                    first_sent_at = COALESCE(first_sent_at, ?), last_sent_at = COALESCE(?, last_sent_at)
                WHERE id = ? AND state = 'in_flight'
                """)
            let release = try database.prepare(
                "UPDATE rows SET state = 'pending', attempts = MAX(attempts - 1, 0) WHERE id = ? AND state = 'in_flight'")
            for outcome in outcomes {
                var state = RowState.succeeded
                var code: String?, message: String?, createdId: String?, warnings: String?
                var nextAttempt = 0.0
                switch outcome.resolution {
                case .released:
                    try release.bind(.int(outcome.rowId)).run()
                    continue
                case .succeeded(let id, let warn): createdId = id; warnings = warn
                case .failed(let c, let m): state = .failed; code = c; message = m
                case .gaveUp(let c, let m): state = .gaveUp; code = c; message = m
                case .retry(let at, let c, let m): state = .waiting; code = c; message = m; nextAttempt = at
                }
                try finish.bind(
                    .text(state.rawValue), .optional(outcome.httpStatus), .optional(code), .optional(message),
                    .optional(createdId), .optional(warnings), .double(nextAttempt), .optional(outcome.latencyMs),
                    .double(outcome.finishedAt), .optional(outcome.sentAt), .optional(outcome.sentAt), .int(outcome.rowId)
                ).run()
            }
        }
    }
}
