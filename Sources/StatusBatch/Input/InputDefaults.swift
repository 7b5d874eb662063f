/// Constants from the command line, used where the input has no column for a value.
public struct InputDefaults: Sendable, Equatable, Codable {
    public var identifierName: String?
    public var source: String
    public var reason: String?
    public var label: String?

    public init(identifierName: String? = nil, source: String = "INSTORE", reason: String? = nil, label: String? = nil) {
        self.identifierName = identifierName
        self.source = source
        self.reason = reason
        self.label = label
    }
}
