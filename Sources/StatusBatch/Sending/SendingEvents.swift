/// What the driver tells the sending core.
public enum SendingEvent: Sendable, Equatable {
    /// The store handed out these rows. When none was due, `nextDue` says when one will be (nil: none is left).
    case claimed([ClaimedRow], nextDue: Double?)
    /// The request of row `rowId` got this reply (an answer or a failure) at the event's time.
    case answered(rowId: Int, reply: CapillaryReply)
    /// The OAuth token call returned a token valid for `lifetime` seconds.
    case tokenIssued(token: String, lifetime: Double)
    /// The OAuth token call failed; the message says why (never a secret).
    case tokenRefused(message: String)
    /// The operator asked to stop (Ctrl-C, SIGTERM).
    case stopRequested
}

/// What the sending core asks the driver to do next.
public enum SendingAction: Sendable, Equatable {
    /// Commit these outcomes and pauses in one transaction.
    case commit(outcomes: [RowOutcome], pauses: [PauseRecord])
    /// Claim up to `limit` due rows from the store and report them with `.claimed`.
    case claim(limit: Int)
    /// Send one row's request now.
    case start(RequestStart)
    /// Generate an OAuth token, then report `.tokenIssued` or `.tokenRefused`.
    case requestToken
    /// Nothing to do until `until` (nil: until the next event).
    case wait(until: Double?)
    /// Sending is over.
    case finish(SendingEnd)
}

/// One request to start.
public struct RequestStart: Sendable, Equatable {
    public var row: ClaimedRow
    /// When the pacer planned the start (the attempt history keeps both).
    public var scheduledAt: Double
    /// The generated OAuth token to send; nil: the credentials' own headers.
    public var token: String?
    /// A single request sent while the API looks down, to find out whether it is back.
    public var isProbe: Bool
}

/// How a sending session ended.
public enum SendingEnd: Sendable, Equatable {
    /// No row is left to send.
    case finished
    /// A stop was requested; unfinished rows stay resumable.
    case stopped
    /// The API stayed down longer than `--max-outage`; unfinished rows stay resumable.
    case outage(String)
    /// The API refused the job's credentials; unfinished rows stay resumable.
    case fatal(String)

    /// Which end wins when two happen during one drain: a refusal says the most, a plain stop the least.
    var severity: Int {
        switch self {
        case .finished: return 0
        case .stopped: return 1
        case .outage: return 2
        case .fatal: return 3
        }
    }
}
