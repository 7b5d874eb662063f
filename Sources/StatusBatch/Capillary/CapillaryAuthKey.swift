/// An org-level API key (`CAPILLARY_AUTH_KEY`, from the environment or a credentials file, never the command line),
/// sent as `X-CAP-API-AUTH-KEY` beside the credentials. A secret: held in memory only, never stored or logged.
public struct CapillaryAuthKey: Sendable {
    private let value: String
    public static let variable = "CAPILLARY_AUTH_KEY"
    public static let header = "X-CAP-API-AUTH-KEY"

    /// The key in `values` (the environment, or a credentials file's names); nil when it is not set.
    public init?(values: [String: String]) {
        let value = (values[Self.variable] ?? "").trimmingCharactersInSet()
        guard !value.isEmpty else { return nil }
        self.value = value
    }

    /// The header that carries it.
    public var headers: [(String, String)] { [(Self.header, value)] }
}

extension CapillaryAuthKey: CustomStringConvertible, CustomDebugStringConvertible {
    // Never print the key by accident, even through string interpolation.
    public var description: String { "auth-key(<redacted>)" }
    public var debugDescription: String { description }
}
