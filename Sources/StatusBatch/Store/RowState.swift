/// Where a row stands; stored as text in the `rows.state` column.
public enum RowState: String, Sendable, CaseIterable, Codable {
    /// Valid and waiting to be sent for the first time (or again after an `unknown` resend).
    case pending
    /// Claimed: committed as about to be sent; found at start-up it means the process died.
    case inFlight = "in_flight"
    /// A transient failure; sent again at `next_attempt_at`.
    case waiting
    case succeeded
    /// A permanent error (4xx or an API error code).
    case failed
    /// Transient errors until the attempts ran out.
    case gaveUp = "gave_up"
    /// Invalid input; never sent.
    case rejected
    /// A later row for the same customer wins.
    case superseded
    /// Was in flight when a process died and the policy leaves it for review.
    case unknown

    /// States a resume never sends again.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .gaveUp, .rejected, .superseded, .unknown: return true
        case .pending, .inFlight, .waiting: return false
        }
    }
}
