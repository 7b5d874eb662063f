/// One request of one row, as the attempt history stores it.
public struct AttemptRecord: Sendable, Equatable {
    /// The attempt of the budget this request made (throttled requests repeat the number).
    public var attempt: Int
    /// When the pacer scheduled the request to start, and when it started.
    public var scheduledAt: Double?
    public var startedAt: Double
    public var durationMs: Double
    public var httpStatus: Int?
    public var code: String?
    public var outcome: AttemptOutcome
    public var retryAfter: Double?
    /// The status update, or a read-back call.
    public var call: RequestCall

    public init(attempt: Int, scheduledAt: Double?, startedAt: Double, durationMs: Double, httpStatus: Int?,
                code: String?, outcome: AttemptOutcome, retryAfter: Double?, call: RequestCall = .update) {
        self.call = call
        self.attempt = attempt
        self.scheduledAt = scheduledAt
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.httpStatus = httpStatus
        self.code = code
        self.outcome = outcome
        self.retryAfter = retryAfter
    }
}

/// How one request of one row ended, as the attempt history stores it (raw value in `attempts.outcome`).
public enum AttemptOutcome: String, Sendable, CaseIterable, Codable {
    case success, permanent, transient
    /// No answer in time: the request may still have been applied.
    case timeout
    case throttled
    /// Refused for the whole job (credentials, TLS): the row is not at fault.
    case fatal
}
