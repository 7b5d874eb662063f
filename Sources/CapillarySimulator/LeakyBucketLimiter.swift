/// nginx's `limit_req` with `nodelay`: the excess over `rate` is metered per millisecond and a request
/// is refused when it would exceed `burst`. So clumps are refused even when the average is below the rate.
struct LeakyBucketLimiter: Sendable {
    /// Requests per second; 0 means no limit.
    let rate: Double
    let burst: Int
    /// Excess in thousandths of a request, and the time it was last updated (ms).
    private var excess = 0.0
    private var lastMs: Double?

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = max(0, burst)
    }

    /// Admits a request at `now` (seconds), or returns the seconds until one would be admitted.
    mutating func admit(now: Double) -> Double? {
        guard rate > 0 else { return nil }
        let nowMs = (now * 1000).rounded(.down)
        let elapsed = lastMs.map { abs(nowMs - $0) } ?? 0
        // A new bucket starts empty, as nginx starts a new key at 0.
        let candidate = lastMs == nil ? 0 : max(0, excess - rate * elapsed + 1000)
        if candidate > Double(burst) * 1000 {
            // Milliseconds until the bucket has drained enough for one more request.
            let waitMs = (candidate - Double(burst) * 1000) / rate
            return max(0.001, waitMs / 1000)
        }
        excess = candidate
        lastMs = nowMs
        return nil
    }
}
