/// The new state of a claimed row, as the store records it.
public enum RowResolution: Sendable, Equatable {
    /// Done: how the effect is known; with `verifyNext` the row waits in `verifying` for its read-back.
    case succeeded(createdId: String?, warnings: String?, confirmation: Confirmation = .answer, verifyNext: Bool = false)
    case failed(code: String?, message: String)
    /// Try `step` again at `at` (the row waits in `step.waitingState`).
    case retry(at: Double, code: String?, message: String, step: RowStep = .send)
    /// The update may have been applied: read it back at `at` before anything is sent again.
    case uncertain(at: Double, code: String?, message: String)
    case gaveUp(code: String?, message: String)
    /// The update may have been applied and no read could settle it: left `unknown` for review.
    case leftUnknown(code: String?, message: String)
    /// A read answered and the row stays in flight for its next request, `next`; `settled` when the read
    /// decided an uncertain update (it was not applied).
    case stepDone(next: RowStep, settled: Bool = false)
    /// `--verify all` read a succeeded row back.
    case verified(Verification)
    /// Given back unsent (a stop), or refused for the whole job (credentials, TLS): waits in `step.releasedState`.
    case released(step: RowStep = .send)
}

/// What one request added to a row's counters; counted when its answer is committed, never taken back.
public struct RequestCounts: Sendable, Equatable {
    /// Requests that left (0 for a row given back unsent).
    public var requests: Int
    /// Attempts spent from `--max-attempts`.
    public var attempts: Int
    /// Throttled answers, from the throttle budget.
    public var throttles: Int
    /// Read-back calls (lookup, status log) made; they are not in `requests`.
    public var reads: Int
    /// Read-back calls that failed transiently, from their own `--max-attempts` budget.
    public var readFailures: Int

    public init(requests: Int = 0, attempts: Int = 0, throttles: Int = 0, reads: Int = 0, readFailures: Int = 0) {
        self.requests = requests
        self.attempts = attempts
        self.throttles = throttles
        self.reads = reads
        self.readFailures = readFailures
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
    /// The customer's numeric id, when a lookup found it.
    public var customerId: String?
    /// Set when the label in force before the update was read (`--record-previous`): that label, nil for none.
    public var previous: PreviousLabel?

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

/// The label a customer had before the job's update, as read back (`--record-previous`).
public struct PreviousLabel: Sendable, Equatable {
    /// Nil when the customer had no status yet.
    public var label: String?
    public init(label: String?) { self.label = label }
}
