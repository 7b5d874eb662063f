/// Admits at most `limit` events per fixed window of `window` seconds, the windows counted from `origin`
/// (like a per-minute quota that resets on the minute).
struct FixedWindowLimiter: Sendable {
    let limit: Int
    let window: Double
    let origin: Double
    private var current = -1
    private var admitted = 0

    init(limit: Int, window: Double, origin: Double) {
        self.limit = limit
        self.window = window
        self.origin = origin
    }

    /// Seconds until an event would be admitted at `now` (the next boundary), or nil when it would be now.
    mutating func waitBeforeAdmitting(now: Double) -> Double? {
        guard limit > 0, window > 0 else { return nil }
        let index = Int(((now - origin) / window).rounded(.down))
        if index != current {
            current = index
            admitted = 0
        }
        guard admitted >= limit else { return nil }
        return max(0.001, origin + Double(index + 1) * window - now)
    }

    /// The index of the window `now` falls in (0 from the origin), when a limit is set.
    func index(now: Double) -> Int? {
        guard limit > 0, window > 0 else { return nil }
        return Int(((now - origin) / window).rounded(.down))
    }

    /// Records an admitted event (in the window of the last `waitBeforeAdmitting`).
    mutating func record() {
        if limit > 0 { admitted += 1 }
    }
}
