/// How one request of one row ended, as the attempt history stores it (raw value in `attempts.outcome`).
public enum AttemptOutcome: String, Sendable, CaseIterable, Codable {
    case success, permanent, transient
    /// No answer in time: the request may still have been applied.
    case timeout
    case throttled
    /// Refused for the whole job (credentials, TLS): the row is not at fault.
    case fatal
}

/// Why the pool was paused (raw value in `pauses.cause`).
public enum PauseCause: String, Sendable, CaseIterable, Codable {
    /// A `Retry-After` header on any answer.
    case retryAfter = "retry_after"
    /// A 429 without `Retry-After`: paused by the backoff policy.
    case backoff
    /// The API looked down; only single probes were sent.
    case outage
}

/// A row claimed for sending: committed as `in_flight` before its request leaves.
public struct ClaimedRow: Sendable, Equatable {
    public var id: Int
    public var line: Int
    public var update: CustomerUpdate
    /// Attempts already spent from the `--max-attempts` budget (not counting the one about to be made).
    public var attempts: Int
    /// Throttled answers (429, 461, 521) so far; they have their own budget.
    public var throttles: Int = 0

    public init(id: Int, line: Int, update: CustomerUpdate, attempts: Int = 0, throttles: Int = 0) {
        self.id = id
        self.line = line
        self.update = update
        self.attempts = attempts
        self.throttles = throttles
    }
}

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

    public init(attempt: Int, scheduledAt: Double?, startedAt: Double, durationMs: Double, httpStatus: Int?,
                code: String?, outcome: AttemptOutcome, retryAfter: Double?) {
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
