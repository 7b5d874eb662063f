/// One entry of a customer's status log (`GET /v2/customers/{id}/statusLog`).
public struct StatusLogEntry: Sendable, Equatable {
    public var label: String
    public var reason: String
    /// When the change was made (seconds since 1970), when the entry's `createdOn` could be read.
    public var createdOn: Double?
    public var createdId: String?
    public var isActive: Bool

    public init(label: String, reason: String, createdOn: Double?, createdId: String?, isActive: Bool) {
        self.label = label
        self.reason = reason
        self.createdOn = createdOn
        self.createdId = createdId
        self.isActive = isActive
    }

    /// The entry in force: the one marked active, else the newest (the log is newest first).
    public static func active(in log: [StatusLogEntry]) -> StatusLogEntry? {
        log.first(where: \.isActive) ?? log.first
    }
}
