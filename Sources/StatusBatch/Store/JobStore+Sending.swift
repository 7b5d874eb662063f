/// Claiming rows and recording what happened to them, in small transactions (group commit).
extension JobStore {
    /// Marks up to `limit` sendable rows due by `now` as `in_flight` and commits, in input order
    /// (retries by their due time). Counts nothing: a row's counters change only when its answer is committed.
    public func claim(limit: Int, now: Double) throws -> [ClaimedRow] {
        try database.transaction {
            let statement = try database.prepare("""
                UPDATE rows SET state = '\(RowState.inFlight.rawValue)'
                WHERE id IN (SELECT id FROM rows WHERE state IN \(RowState.sqlList(RowState.sendable)) AND next_attempt_at <= ?
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
                                ClaimedRow(id: statement.int(0), line: statement.int(1), update: update,
                                           attempts: statement.int(9), throttles: statement.int(11))))
            }
            return claimed.sorted { ($0.due, $0.row.id) < ($1.due, $1.row.id) }.map(\.row)
        }
    }

    /// Commits the outcomes of many rows, their attempt history and pauses, in one transaction.
    /// Only rows still `in_flight` change.
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
                                 .double(a.durationMs), .optional(a.httpStatus), .optional(a.code), .text(a.outcome.rawValue),
                                 .optional(a.retryAfter)).run()
            }
            let pause = try database.prepare("INSERT INTO pauses(cause, started_at, ended_at) VALUES(?, ?, ?)")
            for record in pauses {
                try pause.bind(.text(record.cause.rawValue), .double(record.startedAt), .double(record.endedAt)).run()
            }
            let finish = try database.prepare("""
                UPDATE rows SET state = ?, http_status = ?, api_code = ?, api_message = ?, created_id = ?, warnings = ?,
                    next_attempt_at = ?, latency_ms = ?, finished_at = ?, request_id = COALESCE(?, request_id),
                    first_sent_at = COALESCE(first_sent_at, ?), last_sent_at = COALESCE(?, last_sent_at),
                    requests = requests + ?, attempts = attempts + ?, throttles = throttles + ?
                WHERE id = ? AND state = '\(RowState.inFlight.rawValue)'
                """)
            let release = try database.prepare("""
                UPDATE rows SET state = '\(RowState.pending.rawValue)', requests = requests + ?
                WHERE id = ? AND state = '\(RowState.inFlight.rawValue)'
                """)
            for outcome in outcomes {
                var state = RowState.succeeded
                var code: String?, message: String?, createdId: String?, warnings: String?
                var nextAttempt = 0.0
                switch outcome.resolution {
                case .released:
                    // A request refused for the whole job was sent: it keeps counting.
                    try release.bind(.int(outcome.counts.requests), .int(outcome.rowId)).run()
                    continue
                case .succeeded(let id, let warn): createdId = id; warnings = warn
                case .failed(let c, let m): state = .failed; code = c; message = m
                case .gaveUp(let c, let m): state = .gaveUp; code = c; message = m
                case .retry(let at, let c, let m): state = .waiting; code = c; message = m; nextAttempt = at
                }
                let counts = outcome.counts
                try finish.bind(
                    .text(state.rawValue), .optional(outcome.httpStatus), .optional(code), .optional(message),
                    .optional(createdId), .optional(warnings), .double(nextAttempt), .optional(outcome.latencyMs),
                    .double(outcome.finishedAt), .optional(outcome.requestId), .optional(outcome.sentAt),
                    .optional(outcome.sentAt), .int(counts.requests), .int(counts.attempts), .int(counts.throttles),
                    .int(outcome.rowId)
                ).run()
            }
        }
    }
}
