/// What a row's next (or current, while `in_flight`) request is; stored as its raw value in `rows.step`.
public enum RowStep: String, Sendable, CaseIterable, Codable {
    /// The status update itself.
    case send
    /// Read back an uncertain update: applied (confirmed) or to be sent again.
    case confirm
    /// Read back a succeeded update (`--verify all`): still ours, or changed since.
    case verify
    /// Read the customer's active label before the update (`--record-previous`).
    case previous

    /// The state a row of this step waits in (for a retry, or when given back unsent).
    var waitingState: RowState {
        switch self {
        case .send, .previous: return .waiting
        case .confirm: return .uncertain
        case .verify: return .verifying
        }
    }

    /// The state a row of this step is given back in when it was claimed but not sent.
    var releasedState: RowState { self == .send || self == .previous ? .pending : waitingState }

    /// True for the read-back steps (GET calls that change nothing).
    public var isRead: Bool { self != .send }
}

/// How a succeeded row's effect is known; stored as its raw value in `rows.confirmation`.
public enum Confirmation: String, Sendable, CaseIterable, Codable {
    /// The API's success document answered the row's only update.
    case answer
    /// An uncertain update was read back and found applied: it was not sent again.
    case readBack = "read_back"
    /// Sent again after an uncertain outcome (blindly: reads unavailable or `--verify off`) and answered with success.
    case resent
}

/// What `--verify all` found when it read a succeeded row back; stored as its raw value in `rows.verification`.
public enum Verification: String, Sendable, CaseIterable, Codable {
    /// The customer's active label is the row's.
    case verified
    /// The active label is not the row's: someone or something changed it since.
    case mismatched
    /// The read could not be made (reads unavailable, or refused for this customer).
    case unchecked
}
