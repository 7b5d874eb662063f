/// A row claimed for sending: committed as `in_flight` before its request leaves.
public struct ClaimedRow: Sendable, Equatable {
    public var id: Int
    public var line: Int
    public var update: CustomerUpdate
    /// Attempts already spent from the `--max-attempts` budget (not counting the one about to be made).
    public var attempts: Int
    /// Throttled answers (429, 461, 521) so far; they have their own budget.
    public var throttles: Int = 0
    /// What this claim does: the update, or one of the read-back steps.
    public var step: RowStep = .send
    /// The customer's numeric id, once a lookup found it.
    public var customerId: String?
    /// When the row was first claimed: no update of ours can be older (the read-back's lower bound).
    public var firstClaimedAt: Double?
    /// The row's effect is uncertain and no read-back has settled it: a success now is a blind resend.
    public var uncertainOpen = false
    /// Read-back calls that failed transiently; they have their own `--max-attempts` budget.
    public var readFailures = 0
    /// The last error recorded for the row, kept for a give-up decided by a read-back.
    public var lastCode: String?
    /// The message of that error.
    public var lastMessage: String?
    /// Set by the sending core (never stored) when a read in this claim found the update not applied: a 521
    /// ("another action is running for this customer") then means the first update may still be landing.
    public var settledByRead = false

    /// The step a row given back unsent waits for: an update still uncertain (its read fell back to a resend)
    /// is read back again next time.
    public var stepWhenGivenBack: RowStep { step == .send && uncertainOpen ? .confirm : step }

    public init(id: Int, line: Int, update: CustomerUpdate, attempts: Int = 0, throttles: Int = 0,
                step: RowStep = .send, customerId: String? = nil, firstClaimedAt: Double? = nil,
                uncertainOpen: Bool = false) {
        self.id = id
        self.line = line
        self.update = update
        self.attempts = attempts
        self.throttles = throttles
        self.step = step
        self.customerId = customerId
        self.firstClaimedAt = firstClaimedAt
        self.uncertainOpen = uncertainOpen
    }
}
