/// Recording what happened to claimed rows, in small transactions (group commit).
extension JobStore {
    /// Commits the outcomes of many rows, their attempt history and pauses, in one transaction.
    /// Only rows still `in_flight` change. With `readsBack` (uncertain rows are read back before anything is
    /// sent again) a commit of answers alone is not synced to the disk on its own (see `mayWaitForSync`).
    public func record(_ outcomes: [RowOutcome], pauses: [PauseRecord] = [], readsBack: Bool = false) throws {
        guard !outcomes.isEmpty || !pauses.isEmpty else { return }
        if Self.mayWaitForSync(outcomes, readsBack: readsBack) {
            try withoutSync { try recordNow(outcomes, pauses: pauses) }
        } else {
            try recordNow(outcomes, pauses: pauses)
        }
    }

    /// Whether these outcomes may be committed at `synchronous = NORMAL` (they survive a process crash; the next
    /// claim's sync, or closing the store, carries them to the disk). Power lost before then leaves their rows
    /// `in_flight`, which recovery treats as a lost answer: safe only when such a row is read back before it is
    /// sent again (`readsBack`), and only for answers. A row given back unsent must not come back as possibly
    /// sent, and a read's step change must be on the disk before the request it leads to leaves (recovery takes
    /// a read in flight as having changed nothing, so a lost one would send the update a second time).
    static func mayWaitForSync(_ outcomes: [RowOutcome], readsBack: Bool) -> Bool {
        readsBack && outcomes.allSatisfy { outcome in
            switch outcome.resolution {
            case .released, .stepDone: return false
            default: return true
            }
        }
    }

    private func recordNow(_ outcomes: [RowOutcome], pauses: [PauseRecord]) throws {
        try database.transaction {
            try recordHistory(outcomes, pauses: pauses)
            let finish = try database.prepare("""
                UPDATE rows SET state = ?, http_status = CASE WHEN ? THEN ? ELSE http_status END, api_code = ?, api_message = ?,
                    created_id = COALESCE(?, created_id), warnings = COALESCE(?, warnings), next_attempt_at = ?,
                    latency_ms = COALESCE(?, latency_ms), finished_at = ?, request_id = COALESCE(?, request_id),
                    first_sent_at = COALESCE(first_sent_at, ?), last_sent_at = COALESCE(?, last_sent_at),
                    requests = requests + ?, attempts = attempts + ?, throttles = throttles + ?, reads = reads + ?,
                    read_failures = read_failures + ?, customer_id = COALESCE(?, customer_id), confirmation = COALESCE(?, confirmation),
                    verification = COALESCE(?, verification), uncertain_count = uncertain_count + ?,
                    uncertain_open = CASE WHEN ? THEN 1 WHEN ? THEN 0 ELSE uncertain_open END
                WHERE id = ? AND state = '\(RowState.inFlight.rawValue)'
                """)
            let advance = try database.prepare("""
                UPDATE rows SET step = ?, customer_id = COALESCE(?, customer_id),
                    previous_label = CASE WHEN ? THEN ? ELSE previous_label END,
                    previous_read_at = CASE WHEN ? THEN ? ELSE previous_read_at END,
                    uncertain_open = CASE WHEN ? THEN 0 ELSE uncertain_open END,
                    reads = reads + ?, attempts = attempts + ?, throttles = throttles + ?
                WHERE id = ? AND state = '\(RowState.inFlight.rawValue)'
                """)
            let release = try database.prepare("""
                UPDATE rows SET state = ?, requests = requests + ?, reads = reads + ?
                WHERE id = ? AND state = '\(RowState.inFlight.rawValue)'
                """)
            for outcome in outcomes {
                let counts = outcome.counts
                var state = RowState.succeeded
                var code: String?, message: String?, createdId: String?, warnings: String?
                var confirmation: Confirmation?, verification: Verification?
                var nextAttempt = 0.0
                var becameUncertain = false
                switch outcome.resolution {
                case .released(let step):
                    // A request refused for the whole job was sent: it keeps counting.
                    try release.bind(.text(step.releasedState.rawValue), .int(counts.requests), .int(counts.reads),
                                     .int(outcome.rowId)).run()
                    continue
                case .stepDone(let next, let settled):
                    let previous = outcome.previous
                    try advance.bind(.text(next.rawValue), .optional(outcome.customerId), .int(previous != nil ? 1 : 0),
                                     .optional(previous?.label), .int(previous != nil ? 1 : 0), .double(outcome.finishedAt),
                                     .int(settled ? 1 : 0), .int(counts.reads), .int(counts.attempts),
                                     .int(counts.throttles), .int(outcome.rowId)).run()
                    continue
                case .succeeded(let id, let warn, let how, let verifyNext):
                    createdId = id; warnings = warn; confirmation = how
                    if verifyNext { state = .verifying; nextAttempt = outcome.finishedAt }
                case .verified(let found): verification = found
                case .failed(let c, let m): state = .failed; code = c; message = m
                case .gaveUp(let c, let m): state = .gaveUp; code = c; message = m
                case .leftUnknown(let c, let m): state = .unknown; code = c; message = m
                case .retry(let at, let c, let m, let step): state = step.waitingState; code = c; message = m; nextAttempt = at
                case .uncertain(let at, let c, let m):
                    state = .uncertain; code = c; message = m; nextAttempt = at; becameUncertain = true
                }
                // Only an update's answer replaces the row's HTTP status: a read's is in the attempt history.
                let updateAnswer = outcome.attempt.map { $0.call == .update } ?? (outcome.httpStatus != nil)
                try finish.run(binding: [
                    .text(state.rawValue), .int(updateAnswer ? 1 : 0), .optional(outcome.httpStatus), .optional(code),
                    .optional(message),
                    .optional(createdId), .optional(warnings), .double(nextAttempt), .optional(outcome.latencyMs),
                    .double(outcome.finishedAt), .optional(outcome.requestId), .optional(outcome.sentAt),
                    .optional(outcome.sentAt), .int(counts.requests), .int(counts.attempts), .int(counts.throttles),
                    .int(counts.reads), .int(counts.readFailures), .optional(outcome.customerId),
                    .optional(confirmation?.rawValue),
                    .optional(verification?.rawValue), .int(becameUncertain ? 1 : 0), .int(becameUncertain ? 1 : 0),
                    .int(confirmation != nil ? 1 : 0), .int(outcome.rowId),
                ])
            }
        }
    }

    /// The attempt history of `outcomes` and the pool-wide pauses.
    private func recordHistory(_ outcomes: [RowOutcome], pauses: [PauseRecord]) throws {
        let history = try database.prepare("""
            INSERT INTO attempts(row_id, attempt, scheduled_at, started_at, duration_ms, http_status, code, outcome,
                                 retry_after, call)
            VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for outcome in outcomes {
            guard let a = outcome.attempt else { continue }
            try history.run(binding: [.int(outcome.rowId), .int(a.attempt), .optional(a.scheduledAt), .double(a.startedAt),
                                      .double(a.durationMs), .optional(a.httpStatus), .optional(a.code),
                                      .text(a.outcome.rawValue), .optional(a.retryAfter), .text(a.call.rawValue)])
        }
        let pause = try database.prepare("INSERT INTO pauses(cause, started_at, ended_at) VALUES(?, ?, ?)")
        for record in pauses {
            try pause.bind(.text(record.cause.rawValue), .double(record.startedAt), .double(record.endedAt)).run()
        }
    }
}
