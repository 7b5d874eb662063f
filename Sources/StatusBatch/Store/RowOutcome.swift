/// The new state of a claimed row, as the store records it.
public enum RowResolution: Sendable, Equatable {
    case succeeded(createdId: String?, warnings: String?)
    case failed(code: String?, message: String)
    /// Send again at `retryAt`.
    case retry(at: Double, code: String?, message: String)
    case gaveUp(code: String?, message: String)
    /// Back to `pending`: not sent after all (a stop), or refused for the whole job (credentials, TLS).
    case released
}

/// What one request added to a row's counters; counted when its answer is committed, never taken back.
public struct RequestCounts: Sendable, Equatable {
    /// Requests that left (0 for a row given back unsent).
    public var requests: Int
    /// Attempts spent from `--max-attempts`.
    public var attempts: Int
    /// Throttled answers, from the throttle budget.
    public var throttles: Int

    public init(requests: Int = 0, attempts: Int = 0, throttles: Int = 0) {
        self.requests = requests
        self.attempts = attempts
        self.throttles = throttles
    }

    /// Nothing was sent.
    public static let none = RequestCounts()
}

/// The result of one claimed row, ready to be committed with others in one transaction.
public struct RowOutcome: Sendable, Equatable {
    public var rowId: Int
    public var resolution: RowResolution
    public var counts: RequestCounts
    public var httpStatus: Int?
    public var latencyMs: Double?
    public var sentAt: Double?
    public var finishedAt: Double
    /// The request, for the attempt history; nil when none was sent.
    public var attempt: AttemptRecord?
    /// The `X-Cap-RequestID` of the answer, to trace the row with Capillary support.
    public var requestId: String?

    public init(rowId: Int, resolution: RowResolution, counts: RequestCounts = .none, httpStatus: Int? = nil,
                latencyMs: Double? = nil, sentAt: Double? = nil, finishedAt: Double, attempt: AttemptRecord? = nil,
                requestId: String? = nil) {
        self.rowId = rowId
        self.resolution = resolution
        self.counts = counts
        self.httpStatus = httpStatus
        self.latencyMs = latencyMs
        self.sentAt = sentAt
        self.finishedAt = finishedAt
        self.attempt = attempt
        self.requestId = requestId
    }
}
