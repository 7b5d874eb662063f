import Synchronization

/// Receives answers on transport threads: classifies them, decides retries, and keeps the outcomes
/// until the sending loop commits them. Also carries job-wide effects (credentials refused, pool pause).
final class OutcomeCollector: Sendable {
    private let retryPolicy: RetryPolicy
    private let clock: JobClock
    private let random: SeededRandom
    private let inbox = Mutex<[RowOutcome]>([])
    private let fatal = Mutex<String?>(nil)
    private let pause = Mutex<Double>(0)
    private let counters = Mutex(SendingProgress())

    init(retryPolicy: RetryPolicy, clock: JobClock, random: SeededRandom) {
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.random = random
    }

    var progress: SendingProgress { counters.withLock { $0 } }
    var hasOutcomes: Bool { !inbox.withLock { $0.isEmpty } }
    /// Set once the API refused the credentials: the job must stop.
    var fatalMessage: String? { fatal.withLock { $0 } }
    /// No request of the pool may start before this time (from Retry-After).
    var pauseUntil: Double { pause.withLock { $0 } }

    /// Outcomes received since the last call, in arrival order.
    func takeOutcomes() -> [RowOutcome] {
        inbox.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// Handles the result of `row`'s request that started at `sentAt`.
    func complete(_ row: ClaimedRow, result: TransportResult, sentAt: Double) {
        let now = clock.now()
        var status: Int?
        if case .answered(let code, _, _) = result { status = code }
        let resolution = resolve(row, OutcomeClassifier.classify(result, now: now), now: now)
        let outcome = RowOutcome(rowId: row.id, resolution: resolution, httpStatus: status,
                                 latencyMs: (now - sentAt) * 1000, sentAt: sentAt, finishedAt: now)
        inbox.withLock { $0.append(outcome) }
    }

    /// What a classification means for its row.
    private func resolve(_ row: ClaimedRow, _ classification: Classification, now: Double) -> RowResolution {
        switch classification {
        case .success(let createdId, let warnings):
            counters.withLock { $0.requests += 1; $0.succeeded += 1 }
            let warningText = warnings.isEmpty ? nil : "[" + warnings.map {
                JSONText.object([("code", $0.code ?? ""), ("message", $0.message)])
            }.joined(separator: ",") + "]"
            return .succeeded(createdId: createdId, warnings: warningText)
        case .permanent(let code, let message):
            counters.withLock { $0.requests += 1; $0.failed += 1 }
            return .failed(code: code, message: message)
        case .transient(let code, let message, let retryAfter):
            if let retryAfter { pause.withLock { $0 = max($0, now + retryAfter) } }
            guard retryPolicy.mayRetry(afterAttempts: row.attempts) else {
                counters.withLock { $0.requests += 1; $0.gaveUp += 1 }
                return .gaveUp(code: code, message: message)
            }
            counters.withLock { $0.requests += 1; $0.retrying += 1 }
            let delay = retryPolicy.delay(afterAttempts: row.attempts, retryAfter: retryAfter, unitRandom: random.nextUnit())
            return .retry(at: now + delay, code: code, message: message)
        case .fatal(let message):
            counters.withLock { $0.requests += 1 }
            fatal.withLock { if $0 == nil { $0 = message } }
            return .released
        }
    }
}
