/// Admits at most `limit` events in any rolling window of `window` seconds.
struct RollingWindowLimiter: Sendable {
    let limit: Int
    let window: Double
    private var times: [Double] = []
    private var head = 0

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    /// Admits an event at `now`, or returns the seconds until one would be admitted.
    mutating func admit(now: Double) -> Double? {
        if let wait = waitBeforeAdmitting(now: now) { return wait }
        record(now: now)
        return nil
    }

    /// Seconds until an event would be admitted at `now`, or nil when it would be now; records nothing.
    mutating func waitBeforeAdmitting(now: Double) -> Double? {
        guard limit > 0 else { return nil }
        while head < times.count && times[head] <= now - window { head += 1 }
        if head > 4096 { times.removeFirst(head); head = 0 }
        if times.count - head >= limit { return max(0.001, times[head] + window - now) }
        return nil
    }

    /// Records an admitted event.
    mutating func record(now: Double) {
        if limit > 0 { times.append(now) }
    }
}
