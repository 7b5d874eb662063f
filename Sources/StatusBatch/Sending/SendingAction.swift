/// What the sending core asks the driver to do next.
public enum SendingAction: Sendable, Equatable {
    /// Commit these outcomes and pauses in one transaction.
    case commit(outcomes: [RowOutcome], pauses: [PauseRecord])
    /// Claim up to `limit` due rows that `filter` admits from the store and report them with `.claimed`.
    case claim(limit: Int, filter: ClaimFilter = .none)
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
    /// The status update, or a read-back call (the lookup needs the row's identifier, the status log its
    /// `customerId`).
    public var call: RequestCall = .update
}
