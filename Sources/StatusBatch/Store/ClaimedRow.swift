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
