/// Pool-wide holds on every start: a `Retry-After` on any answer, and an exponential backoff after
/// consecutive 429s without one. Records each span for the audit, merging overlaps of one cause. Pure.
struct PoolPauses: Sendable, Equatable {
    /// No request may start before this time.
    private(set) var until = 0.0
    private var consecutiveThrottles = 0
    private var records: [PauseRecord] = []
    /// The wait after consecutive 429s without Retry-After: 1, 2, 4 ... s, at most 30 s, jittered.
    static let backoff = RetryPolicy(maxAttempts: Int.max, baseDelay: 1, maxDelay: 30)

    /// A 429: holds the pool for its Retry-After, or for the next backoff step (at most `maxWait`).
    mutating func tooManyRequests(retryAfter: Double?, now: Double, unitRandom: Double, maxWait: Double = .infinity) {
        consecutiveThrottles += 1
        let wait = retryAfter ?? min(maxWait, Self.backoff.delay(afterAttempts: consecutiveThrottles, retryAfter: nil,
                                                                 unitRandom: 0.5 + unitRandom / 2))
        hold(until: now + wait, cause: retryAfter == nil ? .backoff : .retryAfter, now: now)
    }

    /// Any other answer that carries Retry-After holds the pool for it.
    mutating func retryAfter(_ seconds: Double?, now: Double) {
        if let seconds { hold(until: now + seconds, cause: .retryAfter, now: now) }
    }

    /// An answer that shows the API is up: the next 429 starts the backoff from its first step.
    mutating func apiAnswered() { consecutiveThrottles = 0 }

    /// Records a span that held the pool for another reason (an outage).
    mutating func add(_ record: PauseRecord) { records.append(record) }

    /// Pauses recorded since the last call.
    mutating func take() -> [PauseRecord] {
        defer { records.removeAll() }
        return records
    }

    var hasRecords: Bool { !records.isEmpty }

    /// Extends the hold; overlapping holds of the same cause are merged so the audit does not count twice.
    private mutating func hold(until time: Double, cause: PauseCause, now: Double) {
        guard time > until else { return }
        let start = max(now, until)
        if let last = records.last, last.cause == cause, last.endedAt >= start {
            records[records.count - 1].endedAt = time
        } else {
            records.append(PauseRecord(cause: cause, startedAt: start, endedAt: time))
        }
        until = time
    }
}
