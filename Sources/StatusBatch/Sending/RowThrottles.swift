/// Tells throttling that follows one row from throttling of the pool: a row throttled again (429, 461, 521)
/// after the API answered other rows in between is refused for reasons of its own, so it must not slow or
/// pause the pool, and after a few such answers it spends its normal attempts. Pure; times are given.
struct RowThrottles: Sendable, Equatable {
    /// Row-following throttles a row may get from the throttle budget before it spends its attempts.
    static let beforeAttempts = 3

    private var lastThrottleAt: [Int: Double] = [:]
    private var following: [Int: Int] = [:]
    private var lastAnswerAt = -Double.infinity

    /// The API answered a request (a success or an error of the row) at `now`.
    mutating func apiAnswered(now: Double) { lastAnswerAt = now }

    /// Row `rowId` was throttled at `now`. Returns how many of its throttles so far followed the row: it was
    /// throttled before and the API answered other requests since (once a row is known to be refused for
    /// itself, every further throttle of it counts); 0 means this one may be the pool's.
    mutating func throttled(rowId: Int, now: Double) -> Int {
        defer { lastThrottleAt[rowId] = now }
        let known = following[rowId] ?? 0
        guard let last = lastThrottleAt[rowId], known > 0 || lastAnswerAt > last else { return 0 }
        following[rowId] = known + 1
        return known + 1
    }

    /// Row `rowId` reached an outcome other than a throttle: forget it.
    mutating func forget(rowId: Int) {
        lastThrottleAt[rowId] = nil
        following[rowId] = nil
    }
}
