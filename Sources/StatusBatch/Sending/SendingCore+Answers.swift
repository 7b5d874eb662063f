/// Which budget an answer spends.
enum RetryBudget: Sendable, Equatable {
    /// An answer from the API or a transient failure: one of `--max-attempts`.
    case attempts
    /// Throttled (429, 461, 521): one of the separate, larger throttle budget.
    case throttle
    /// The API is down, or a refused OAuth token: nothing.
    case free

    /// What one request of `call` adds to its row's counters: read-back calls count as reads, not requests,
    /// and a transient read failure spends the reads' own attempts.
    func counts(_ call: RequestCall) -> RequestCounts {
        let read = call != .update
        switch self {
        case .attempts: return read ? RequestCounts(reads: 1, readFailures: 1) : RequestCounts(requests: 1, attempts: 1)
        case .throttle: return read ? RequestCounts(throttles: 1, reads: 1) : RequestCounts(requests: 1, throttles: 1)
        case .free: return read ? RequestCounts(reads: 1) : RequestCounts(requests: 1)
        }
    }
}

/// What an answer means for its row and for the pool.
extension SendingCore {
    mutating func answered(_ flight: Flight, reply: CapillaryReply, now: Double) {
        let row = flight.row
        counters.requests += 1
        noteSystematic(row, reply, now: now)
        let (resolution, budget) = decide(row, reply.classification, tokenGeneration: flight.tokenGeneration,
                                             startedAt: flight.startedAt, now: now)
        if case .retry = resolution {} else { rowThrottles.forget(rowId: row.id) }
        switch reply.classification {
        case .success, .permanent:
            healthReference = row.update
            // The API admitted the request: it counts against a per-window quota.
            if settings.adaptive { limitAdmitted(startedAt: flight.startedAt, now: now) }
        default: break
        }
        noteDue(resolution, now: now)
        let attempt = AttemptRecord(attempt: row.attempts + 1, scheduledAt: flight.scheduledAt, startedAt: flight.startedAt,
                                    durationMs: (now - flight.startedAt) * 1000, httpStatus: reply.httpStatus,
                                    code: Self.code(reply.classification), outcome: Self.outcome(reply.classification),
                                    retryAfter: Self.retryAfter(reply.classification))
        outcomes.append(RowOutcome(rowId: row.id, resolution: resolution, counts: budget.counts(.update),
                                   httpStatus: reply.httpStatus, latencyMs: (now - flight.startedAt) * 1000,
                                   sentAt: flight.startedAt, finishedAt: now, attempt: attempt, requestId: reply.requestId))
    }

    /// Counts an update's answer for the systematic-mistake watch; a mistake that blames every row ends the job.
    private mutating func noteSystematic(_ row: ClaimedRow, _ reply: CapillaryReply, now: Double) {
        var success = false, scope: ErrorScope?, code: String?
        switch reply.classification {
        case .success: success = true
        case .permanent(let failureCode, _):
            code = failureCode
            scope = ErrorScope.of(code: failureCode, httpStatus: reply.httpStatus)
        default: break
        }
        guard let key = systematic.answered(row.update, success: success, scope: scope, code: code,
                                            httpStatus: reply.httpStatus), key.scope == .everyRow else { return }
        stop(.systematic(systematic.message(key)), now: now)
    }

    /// A row that will be claimed again (a retry, a read-back) lowers the time the store is next asked.
    mutating func noteDue(_ resolution: RowResolution, now: Double) {
        switch resolution {
        case .retry(let at, _, _, _), .uncertain(let at, _, _): nextClaimAt = min(nextClaimAt, at)
        case .succeeded(_, _, _, true): nextClaimAt = min(nextClaimAt, now)
        default: break
        }
    }

    /// The row's new state and the budget its request spent; updates the pool's pacing, outage and token state.
    private mutating func decide(_ row: ClaimedRow, _ classification: Classification, tokenGeneration: Int,
                                 startedAt: Double, now: Double) -> (RowResolution, RetryBudget) {
        switch classification {
        case .success(let createdId, let warnings):
            tokens.accepted()
            apiIsUp(now: now)
            counters.succeeded += 1
            let warningText = warnings.isEmpty ? nil : "[" + warnings.map {
                JSONText.object([("code", $0.code ?? ""), ("message", $0.message)])
            }.joined(separator: ",") + "]"
            return (.succeeded(createdId: createdId, warnings: warningText,
                               confirmation: row.uncertainOpen ? .resent : .answer,
                               verifyNext: settings.verify == .all && readsUnavailable == nil), .attempts)
        case .permanent(let code, let message):
            apiIsUp(now: now)
            counters.failed += 1
            return (.failed(code: code, message: message), .attempts)
        case .throttled(let status, let code, let message, let retryAfter):
            if status == 521 && row.settledByRead {
                // "Another action is running for this customer" right after a read found nothing: the first
                // update may still be landing, so it is read back again instead of sent.
                return (.uncertain(at: now + settings.readBackDelay, code: code, message: message), .throttle)
            }
            let followsRow = rowThrottles.throttled(rowId: row.id, now: now)
            if followsRow > 0 {
                // Refused for reasons of its own while the API answers other rows: the pool is not slowed or paused,
                // and a decrease its first 429 caused is taken back.
                adaptive.answered(now: now)
                if let index = decreasesByRow.firstIndex(where: { $0.rowId == row.id }) {
                    // When no decrease stands any more, the limit remembered before the oldest one comes back.
                    let oldest = decreasesByRow[0].refusedBefore
                    decreasesByRow.remove(at: index)
                    adaptive.forgive(refusedBefore: oldest, othersStand: !decreasesByRow.isEmpty)
                }
                return throttledAlone(row, code: code, message: message, retryAfter: retryAfter, times: followsRow,
                                      now: now)
            }
            poolThrottled(status: status, retryAfter: retryAfter, rowId: row.id, startedAt: startedAt, now: now)
            return throttleRetry(row, code: code, message: message, retryAfter: retryAfter, now: now)
        case .transient(let cause, let code, let message, let retryAfter):
            adaptive.answered(now: now)
            pauses.retryAfter(retryAfter, now: now)
            // An update that may have been applied is read back before anything is sent again (or, without
            // reads, sent again flagged): the store's claim decides which.
            let uncertain = cause.mayHaveBeenApplied
            if outage.transientFailure(now: now) {
                // The API is down: the row waits for the outage to end without spending an attempt.
                counters.retrying += 1
                return (uncertain ? .uncertain(at: now + settings.readBackDelay, code: code, message: message)
                                  : .retry(at: now, code: code, message: message), .free)
            }
            if uncertain && readsBack {
                // Read back, not sooner than the API may still be applying the request.
                counters.retrying += 1
                let delay = settings.retryPolicy.delay(afterAttempts: row.attempts + 1, retryAfter: retryAfter,
                                                       unitRandom: random.nextUnit())
                return (.uncertain(at: now + max(delay, settings.readBackDelay), code: code, message: message), .attempts)
            }
            guard settings.retryPolicy.mayRetry(afterAttempts: row.attempts + 1) else {
                if uncertain {
                    counters.unknown += 1
                    return (.leftUnknown(code: code, message: "may have been applied (\(message)); no attempts left to send it again"),
                            .attempts)
                }
                counters.gaveUp += 1
                return (.gaveUp(code: code, message: message), .attempts)
            }
            counters.retrying += 1
            let delay = settings.retryPolicy.delay(afterAttempts: row.attempts + 1, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return (uncertain ? .uncertain(at: now + delay, code: code, message: message)
                              : .retry(at: now + delay, code: code, message: message), .attempts)
        case .unauthorized(let message):
            if tokens.refused(generation: tokenGeneration) == .retry {
                // An OAuth token was refused: the row is not at fault, so it goes again at no cost with a new token.
                return (.retry(at: now, code: "401", message: "OAuth token refused; a new one is generated"), .free)
            }
            stop(.fatal(message), now: now)
            return (.released(step: row.step), .free)
        case .fatal(let message):
            stop(.fatal(message), now: now)
            return (.released(step: row.step), .free)
        }
    }

    /// What a throttled answer that may be the pool's does to the pool: a 429 lowers the adaptive rate (noting
    /// which row caused a decrease, to take it back if that row turns out refused for itself) and pauses the
    /// pool with a backoff; a 461/521 pauses it only for a Retry-After.
    mutating func poolThrottled(status: Int, retryAfter: Double?, rowId: Int, startedAt: Double?, now: Double) {
        guard status == 429 else {
            adaptive.answered(now: now)
            pauses.retryAfter(retryAfter, now: now)
            return
        }
        let windowsOwn = settings.adaptive && quotaLearner.explainsRefusal(now: now)
        if settings.adaptive { quotaLearner.refused(now: now, retryAfter: retryAfter) }
        // When nothing has been admitted for a second of refusals, a window may be spent: its boundary is found
        // within a second (one request a second), not after a backoff doubling to 30 s.
        // With the windows' grid measured, the next try comes just after the boundary it predicts.
        let refusedFor = quotaLearner.refusalRunAge(now: now) ?? 0
        var maxWait = settings.adaptive && refusedFor >= 1 ? 1 : Double.infinity
        if settings.adaptive, let next = quotaLearner.nextTry(after: now, lead: SendingSettings.boundaryLead) {
            maxWait = min(maxWait, next - now)
        }
        pauses.tooManyRequests(retryAfter: retryAfter, now: now, unitRandom: random.nextUnit(), maxWait: maxWait)
        guard settings.adaptive else { return }
        // A bucket's refusal (while no window is learnt) is its learner's to answer with a pace; requests started
        // before the pause ends were in flight, part of this overshoot.
        var bucketsOwn = false
        if quotaLearner.learnt == nil, let startedAt {
            bucketsOwn = bucketLearner.refused(startedAt: startedAt, resumeAt: pauses.until) == .explained
            if bucketLearner.knowsBucket { adaptive.raiseToCeiling() }
        }
        let (decreases, refused) = (adaptive.decreases, adaptive.refusedRate)
        if !windowsOwn && !bucketsOwn { adaptive.throttled(now: now) }
        if adaptive.decreases > decreases {
            decreasesByRow.append((rowId, refused))
            if decreasesByRow.count > 32 { decreasesByRow.removeFirst() }
        }
    }

    /// An update the API admitted (it counts against a window quota or a bucket). A quota learnt (or a probe that
    /// raised it) rules the pace from now on, without the adaptive rate's slow climb from where the window's refusals
    /// left it, nor the spacing of the last start at the old rate; a bucket's new pace applies from the next start.
    private mutating func limitAdmitted(startedAt: Double, now: Double) {
        if quotaLearner.admitted(now: now) {
            adaptive.raiseToCeiling()
            pacer.restart(now: now)
            resetReservation()
        } else if quotaLearner.learnt == nil && bucketLearner.admitted(startedAt: startedAt) {
            resetReservation()
        }
    }

    /// A throttled update tries again from the throttle budget (`--max-throttles`), or gives up when it is spent.
    private mutating func throttleRetry(_ row: ClaimedRow, code: String?, message: String, retryAfter: Double?,
                                        now: Double) -> (RowResolution, RetryBudget) {
        guard let retry = throttleRetryIfBudgetLeft(row, code: code, message: message, retryAfter: retryAfter, now: now) else {
            counters.gaveUp += 1
            return (.gaveUp(code: code, message: "\(message) (throttled \(row.throttles + 1) times)"), .throttle)
        }
        return retry
    }

    /// The retry of a throttled row's step from the throttle budget (`--max-throttles`); nil when it is spent.
    mutating func throttleRetryIfBudgetLeft(_ row: ClaimedRow, code: String?, message: String, retryAfter: Double?,
                                            now: Double) -> (RowResolution, RetryBudget)? {
        guard row.throttles + 1 < settings.maxThrottles else { return nil }
        counters.throttled += 1
        let delay = settings.retryPolicy.delay(afterAttempts: row.throttles + 1, retryAfter: retryAfter,
                                               unitRandom: random.nextUnit())
        return (.retry(at: now + delay, code: code, message: message, step: row.step), .throttle)
    }

    /// A row throttled for reasons of its own: from the throttle budget at first, then from its attempts.
    private mutating func throttledAlone(_ row: ClaimedRow, code: String?, message: String, retryAfter: Double?,
                                         times: Int, now: Double) -> (RowResolution, RetryBudget) {
        guard times > RowThrottles.beforeAttempts else {
            return throttleRetry(row, code: code, message: message, retryAfter: retryAfter, now: now)
        }
        guard settings.retryPolicy.mayRetry(afterAttempts: row.attempts + 1) else {
            counters.gaveUp += 1
            return (.gaveUp(code: code, message: "\(message) (throttled \(row.throttles + 1) times while other rows were answered)"),
                    .attempts)
        }
        counters.retrying += 1
        let delay = settings.retryPolicy.delay(afterAttempts: row.attempts + 1, retryAfter: retryAfter,
                                               unitRandom: random.nextUnit())
        return (.retry(at: now + delay, code: code, message: message), .attempts)
    }

    /// An answer that shows the API is up (success or a permanent error): ends an outage, resets the backoff.
    mutating func apiIsUp(now: Double) {
        rowThrottles.apiAnswered(now: now)
        pauses.apiAnswered()
        adaptive.answered(now: now)
        if let record = outage.answered(now: now) { pauses.add(record) }
    }

    /// The attempt history's outcome class of a classification.
    static func outcome(_ classification: Classification) -> AttemptOutcome {
        switch classification {
        case .success: return .success
        case .permanent: return .permanent
        case .throttled: return .throttled
        case .transient(let cause, _, _, _): return cause == .timeout ? .timeout : .transient
        case .unauthorized, .fatal: return .fatal
        }
    }

    private static func code(_ classification: Classification) -> String? {
        switch classification {
        case .permanent(let code, _), .throttled(_, let code, _, _), .transient(_, let code, _, _): return code
        case .success, .unauthorized, .fatal: return nil
        }
    }

    private static func retryAfter(_ classification: Classification) -> Double? {
        switch classification {
        case .throttled(_, _, _, let seconds), .transient(_, _, _, let seconds): return seconds
        case .success, .permanent, .unauthorized, .fatal: return nil
        }
    }
}
