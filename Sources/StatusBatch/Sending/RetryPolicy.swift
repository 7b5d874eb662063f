/// When to try a transient failure again: exponential backoff with full jitter, a cap, an attempt limit.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    /// Attempts per row unless `--max-attempts` says otherwise.
    public static let defaultMaxAttempts = 6

    public init(maxAttempts: Int = RetryPolicy.defaultMaxAttempts, baseDelay: Double = 0.5, maxDelay: Double = 60) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// True when a row that has made `attempts` attempts may make another.
    public func mayRetry(afterAttempts attempts: Int) -> Bool { attempts < maxAttempts }

    /// Seconds to wait after attempt number `attempts` (1-based). `unitRandom` is in [0, 1).
    /// A server's Retry-After is honoured as a lower bound.
    public func delay(afterAttempts attempts: Int, retryAfter: Double?, unitRandom: Double) -> Double {
        let exponent = Double(min(max(attempts - 1, 0), 30))
        let ceiling = min(maxDelay, baseDelay * pow2(exponent))
        let jittered = ceiling * min(max(unitRandom, 0), 1)
        guard let retryAfter else { return jittered }
        return max(retryAfter, jittered)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
