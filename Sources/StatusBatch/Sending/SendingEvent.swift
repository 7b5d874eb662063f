/// What the driver tells the sending core.
public enum SendingEvent: Sendable, Equatable {
    /// The store handed out these rows. When none was due, `nextDue` says when one will be (nil: none is left).
    case claimed([ClaimedRow], nextDue: Double?)
    /// The request of row `rowId` got this reply (an answer or a failure) at the event's time.
    case answered(rowId: Int, reply: CapillaryReply)
    /// The read-back call of row `rowId` (lookup or status log) got this reply at the event's time.
    case readAnswered(rowId: Int, reply: ReadReply)
    /// The OAuth token call returned a token valid for `lifetime` seconds.
    case tokenIssued(token: String, lifetime: Double)
    /// The OAuth token call was refused (bad key or secret); the message says why (never a secret).
    case tokenRefused(message: String)
    /// The OAuth token call failed in a way worth trying again (5xx, 429, a timeout, a failed connection).
    case tokenUnavailable(message: String)
    /// The operator asked to stop (Ctrl-C, SIGTERM).
    case stopRequested
}
