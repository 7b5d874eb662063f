/// Which budget an answer spends.
enum RetryBudget: Sendable, Equatable {
    /// An answer from the API or a transient failure: one of `--max-attempts`.
    case attempts
    /// Throttled (429, 461, 521): one of the separate, larger throttle budget.
    case throttle
    /// The API is down, or a refused OAuth token: nothing.
    case free

    /// What one request adds to its row's counters.
    var counts: RequestCounts {
        switch self {
        case .attempts: return RequestCounts(requests: 1, attempts: 1)
        case .throttle: return RequestCounts(requests: 1, throttles: 1)
        case .free: return RequestCounts(requests: 1)
        }
    }
}

/// What an answer means for its row and for the pool.
extension SendingCore {
    mutating func answered(_ flight: Flight, reply: CapillaryReply, now: Double) {
        let row = flight.row
        counters.requests += 1
        let (resolution, budget) = decide(row, reply.classification, tokenGeneration: flight.tokenGeneration, now: now)
        if case .retry(let at, _, _) = resolution { nextClaimAt = min(nextClaimAt, at) }
        let attempt = AttemptRecord(attempt: row.attempts + 1, scheduledAt: flight.scheduledAt, startedAt: flight.startedAt,
                                    durationMs: (now - flight.startedAt) * 1000, httpStatus: reply.httpStatus,
                                    code: Self.code(reply.classification), outcome: Self.outcome(reply.classification),
                                    retryAfter: Self.retryAfter(reply.classification))
        outcomes.append(RowOutcome(rowId: row.id, resolution: resolution, counts: budget.counts,
                                   httpStatus: reply.httpStatus, latencyMs: (now - flight.startedAt) * 1000,
                                   sentAt: flight.startedAt, finishedAt: now, attempt: attempt, requestId: reply.requestId))
    }

    /// The row's new state and the budget its request spent; updates the pool's pacing, outage and token state.
    private mutating func decide(_ row: ClaimedRow, _ classification: Classification, tokenGeneration: Int,
                                 now: Double) -> (RowResolution, RetryBudget) {
        switch classification {
        case .success(let createdId, let warnings):
            tokens.accepted()
            apiIsUp(now: now)
            counters.succeeded += 1
            let warningText = warnings.isEmpty ? nil : "[" + warnings.map {
                JSONText.object([("code", $0.code ?? ""), ("message", $0.message)])
            }.joined(separator: ",") + "]"
            return (.succeeded(createdId: createdId, warnings: warningText), .attempts)
        case .permanent(let code, let message):
            apiIsUp(now: now)
            counters.failed += 1
            return (.failed(code: code, message: message), .attempts)
        case .throttled(let status, let code, let message, let retryAfter):
            if status == 429 {
                if settings.adaptive { adaptive.throttled(now: now) }
                pauses.tooManyRequests(retryAfter: retryAfter, now: now, unitRandom: random.nextUnit())
            } else {
                adaptive.answered(now: now)
                pauses.retryAfter(retryAfter, now: now)
            }
            guard row.throttles + 1 < settings.maxThrottles else {
                counters.gaveUp += 1
                return (.gaveUp(code: code, message: "\(message) (throttled \(row.throttles + 1) times)"), .throttle)
            }
            counters.throttled += 1
            let delay = settings.retryPolicy.delay(afterAttempts: row.throttles + 1, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return (.retry(at: now + delay, code: code, message: message), .throttle)
        case .transient(_, let code, let message, let retryAfter):
            adaptive.answered(now: now)
            pauses.retryAfter(retryAfter, now: now)
            if outage.transientFailure(now: now) {
                // The API is down: the row waits for the outage to end without spending an attempt.
                counters.retrying += 1
                return (.retry(at: now, code: code, message: message), .free)
            }
            guard settings.retryPolicy.mayRetry(afterAttempts: row.attempts + 1) else {
                counters.gaveUp += 1
                return (.gaveUp(code: code, message: message), .attempts)
            }
            counters.retrying += 1
            let delay = settings.retryPolicy.delay(afterAttempts: row.attempts + 1, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return (.retry(at: now + delay, code: code, message: message), .attempts)
        case .unauthorized(let message):
            if tokens.refused(generation: tokenGeneration) == .retry {
                // An OAuth token was refused: the row is not at fault, so it goes again at no cost with a new token.
                return (.retry(at: now, code: "401", message: "OAuth token refused; a new one is generated"), .free)
            }
            stop(.fatal(message), now: now)
            return (.released, .free)
        case .fatal(let message):
            stop(.fatal(message), now: now)
            return (.released, .free)
        }
    }

    /// An answer that shows the API is up (success or a permanent error): ends an outage, resets the backoff.
    private mutating func apiIsUp(now: Double) {
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
