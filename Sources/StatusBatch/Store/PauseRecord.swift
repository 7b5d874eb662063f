/// A span of time in which no request of the pool could start.
public struct PauseRecord: Sendable, Equatable {
    public var cause: PauseCause
    public var startedAt: Double
    public var endedAt: Double

    public init(cause: PauseCause, startedAt: Double, endedAt: Double) {
        self.cause = cause
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// Why the pool was paused (raw value in `pauses.cause`).
public enum PauseCause: String, Sendable, CaseIterable, Codable {
    /// A `Retry-After` header on any answer.
    case retryAfter = "retry_after"
    /// A 429 without `Retry-After`: paused by the backoff policy.
    case backoff
    /// The API looked down; only single probes were sent.
    case outage
    /// The rows kept failing as in an outage, and the pool waited for a read of one customer: it answered,
    /// so the failures were the rows' own.
    case healthCheck = "health_check"
}
