import Foundation

/// Credentials for the API; held in memory only, never stored or logged.
public enum CapillaryCredentials: Sendable {
    /// Till username and password (the password is sent as its MD5 hex digest).
    case basic(username: String, password: String)
    /// No credentials (the built-in simulator without auth).
    case none

    /// Reads `CAPILLARY_USERNAME` / `CAPILLARY_PASSWORD` from `environment`; nil when neither is set.
    public static func fromEnvironment(_ environment: [String: String]) throws -> CapillaryCredentials? {
        let username = environment["CAPILLARY_USERNAME"] ?? ""
        let password = environment["CAPILLARY_PASSWORD"] ?? ""
        if username.isEmpty && password.isEmpty { return nil }
        guard !username.isEmpty, !password.isEmpty else {
            throw StatusBatchError.usage("set both CAPILLARY_USERNAME and CAPILLARY_PASSWORD (only one is set)")
        }
        return .basic(username: username, password: password)
    }

    /// The headers that authenticate a request.
    public var headers: [(String, String)] {
        switch self {
        case .basic(let username, let password):
            let token = Data("\(username):\(MD5.hex(password))".utf8).base64EncodedString()
            return [("Authorization", "Basic \(token)")]
        case .none:
            return []
        }
    }
}

extension CapillaryCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    // Never print a secret by accident, even through string interpolation.
    public var description: String {
        switch self {
        case .basic: return "basic(<redacted>)"
        case .none: return "none"
        }
    }
    public var debugDescription: String { description }
}
