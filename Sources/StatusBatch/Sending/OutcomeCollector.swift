import Synchronization

/// Receives answers on transport threads: classifies them, decides retries and budgets, informs the
/// pacing controller, and keeps the outcomes until the sending loop commits them.
final class OutcomeCollector: Sendable {
    private let settings: SendingSettings
    private let clock: JobClock
    private let random: SeededRandom
    let pacing: PacingController
    private let inbox = Mutex<[RowOutcome]>([])
    private let fatal = Mutex<String?>(nil)
    private let counters = Mutex(SendingProgress())

    private let authenticator: Authenticator?

    init(settings: SendingSettings, clock: JobClock, random: SeededRandom, authenticator: Authenticator? = nil) {
        self.authenticator = authenticator
        self.settings = settings
        self.clock = clock
        self.random = random
        pacing = PacingController(settings: settings)
    }

    var progress: SendingProgress {
        var snapshot = counters.withLock { $0 }
        snapshot.currentRate = pacing.currentRate
        snapshot.inOutage = pacing.outage != nil
        return snapshot
    }
    var hasOutcomes: Bool { !inbox.withLock { $0.isEmpty } }
    /// Set once the job cannot go on (credentials refused, TLS failure): it must stop.
    var fatalMessage: String? { fatal.withLock { $0 } }

    /// Outcomes received since the last call, in arrival order.
    func takeOutcomes() -> [RowOutcome] {
        inbox.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// Stops the job with `message` (e.g. the OAuth token could not be generated).
    func stopJob(_ message: String) {
        fatal.withLock { if $0 == nil { $0 = message } }
    }

    /// Handles the result of `row`'s request, scheduled for `scheduledAt`, that started at `sentAt`
    /// with OAuth token `tokenGeneration`.
    func complete(_ row: ClaimedRow, result: TransportResult, scheduledAt: Double?, sentAt: Double,
                  tokenGeneration: Int = 0) {
        let now = clock.now()
        var status: Int?
        var requestId: String?
        if case .answered(let code, let headers, _) = result {
            status = code
            requestId = headers.first { $0.0.lowercased() == "x-cap-requestid" }?.1
        }
        let classification = OutcomeClassifier.classify(result, now: now)
        let resolution: RowResolution
        if status == 401, case .fatal = classification, authenticator?.refused(generation: tokenGeneration) == .retry {
            // An OAuth token was refused: the row is not at fault, so it goes back at no cost and the
            // next request carries a new token.
            counters.withLock { $0.requests += 1 }
            resolution = .retry(at: now, code: "401", message: "OAuth token refused; a new one is generated", budget: .free)
        } else {
            if case .success = classification { authenticator?.accepted() }
            resolution = resolve(row, classification, now: now)
        }
        let (kind, code, retryAfter) = Self.describe(classification)
        let attempt = AttemptRecord(attempt: row.attempts, scheduledAt: scheduledAt, startedAt: sentAt,
                                    durationMs: (now - sentAt) * 1000, httpStatus: status, code: code,
                                    outcome: kind, retryAfter: retryAfter)
        var outcome = RowOutcome(rowId: row.id, resolution: resolution, httpStatus: status,
                                 latencyMs: (now - sentAt) * 1000, sentAt: sentAt, finishedAt: now, attempt: attempt)
        outcome.requestId = requestId
        inbox.withLock { $0.append(outcome) }
    }

    /// What a classification means for its row, spending the right budget.
    private func resolve(_ row: ClaimedRow, _ classification: Classification, now: Double) -> RowResolution {
        switch classification {
        case .success(let createdId, let warnings):
            pacing.answered(now: now)
            counters.withLock { $0.requests += 1; $0.succeeded += 1 }
            let warningText = warnings.isEmpty ? nil : "[" + warnings.map {
                JSONText.object([("code", $0.code ?? ""), ("message", $0.message)])
            }.joined(separator: ",") + "]"
            return .succeeded(createdId: createdId, warnings: warningText)
        case .permanent(let code, let message):
            pacing.answered(now: now)
            counters.withLock { $0.requests += 1; $0.failed += 1 }
            return .failed(code: code, message: message)
        case .throttled(let status, let code, let message, let retryAfter):
            pacing.throttled(status: status, retryAfter: retryAfter, now: now, unitRandom: random.nextUnit())
            guard row.throttles + 1 < settings.maxThrottles else {
                counters.withLock { $0.requests += 1; $0.gaveUp += 1 }
                return .gaveUp(code: code, message: "\(message) (throttled \(row.throttles + 1) times)")
            }
            counters.withLock { $0.requests += 1; $0.throttled += 1 }
            let delay = settings.retryPolicy.delay(afterAttempts: row.throttles + 1, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return .retry(at: now + delay, code: code, message: message, budget: .throttle)
        case .transient(let code, let message, let retryAfter):
            let inOutage = pacing.transientFailure(retryAfter: retryAfter, now: now)
            let givesUp = !inOutage && !settings.retryPolicy.mayRetry(afterAttempts: row.attempts)
            counters.withLock { $0.requests += 1; if givesUp { $0.gaveUp += 1 } else { $0.retrying += 1 } }
            if inOutage {
                // The API is down: the row waits for the outage to end without spending an attempt.
                return .retry(at: now, code: code, message: message, budget: .free)
            }
            if givesUp { return .gaveUp(code: code, message: message) }
            let delay = settings.retryPolicy.delay(afterAttempts: row.attempts, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return .retry(at: now + delay, code: code, message: message)
        case .fatal(let message):
            counters.withLock { $0.requests += 1 }
            fatal.withLock { if $0 == nil { $0 = message } }
            return .released
        }
    }

    /// The attempt history's outcome class, code and Retry-After of a classification.
    private static func describe(_ classification: Classification) -> (String, String?, Double?) {
        switch classification {
        case .success: return ("success", nil, nil)
        case .permanent(let code, _): return ("permanent", code, nil)
        case .throttled(_, let code, _, let retryAfter): return ("throttled", code, retryAfter)
        case .transient(let code, let message, let retryAfter):
            // A timed-out request may still have been applied: the reports flag rows that had one.
            return (message.hasPrefix("\(TransportFailure.Kind.timeout.rawValue):") ? "timeout" : "transient", code, retryAfter)
        case .fatal: return ("fatal", nil, nil)
        }
    }
}
