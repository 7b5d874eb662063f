import Foundation

/// Credentials for the API; held in memory only, never stored or logged.
public enum CapillaryCredentials: Sendable {
    /// Till username and password (the password is sent as its MD5 hex digest).
    case basic(username: String, password: String)
    /// An OAuth client key and secret: tokens are generated and renewed as needed.
    case oauthClient(key: String, secret: String)
    /// An OAuth token issued beforehand (some orgs get 30-day tokens).
    case oauthToken(String)
    /// No credentials (the built-in simulator without auth).
    case none

    /// Reads the credentials from `values` (the environment, or a credentials file), by precedence:
    /// `CAPILLARY_OAUTH_TOKEN`, then `CAPILLARY_CLIENT_KEY` + `CAPILLARY_CLIENT_SECRET`, then
    /// `CAPILLARY_USERNAME` + `CAPILLARY_PASSWORD`; nil when none is set.
    public static func fromEnvironment(_ values: [String: String]) throws -> CapillaryCredentials? {
        func value(_ name: String) -> String { (values[name] ?? "").trimmingCharactersInSet() }
        if !value("CAPILLARY_OAUTH_TOKEN").isEmpty { return .oauthToken(value("CAPILLARY_OAUTH_TOKEN")) }
        let key = value("CAPILLARY_CLIENT_KEY"), secret = value("CAPILLARY_CLIENT_SECRET")
        if !key.isEmpty || !secret.isEmpty {
            guard !key.isEmpty, !secret.isEmpty else {
                throw StatusBatchError.usage("set both CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET (only one is set)")
            }
            return .oauthClient(key: key, secret: secret)
        }
        let username = values["CAPILLARY_USERNAME"] ?? ""
        let password = values["CAPILLARY_PASSWORD"] ?? ""
        if username.isEmpty && password.isEmpty { return nil }
        guard !username.isEmpty, !password.isEmpty else {
            throw StatusBatchError.usage("set both CAPILLARY_USERNAME and CAPILLARY_PASSWORD (only one is set)")
        }
        return .basic(username: username, password: password)
    }

    /// Reads a credentials file: `NAME=value` lines (`#` comments) or a JSON object, with the
    /// environment's names. Refuses a file that others than its owner may read.
    public static func fromFile(_ path: String) throws -> CapillaryCredentials {
        try fromFile(path, values: try fileValues(path))
    }

    /// The credentials among `values`, read from the credentials file `path` (`fileValues`); a file without any
    /// is an error.
    public static func fromFile(_ path: String, values: [String: String]) throws -> CapillaryCredentials {
        guard let credentials = try fromEnvironment(values) else {
            throw StatusBatchError.usage(
                "--credentials \(path): no credentials in it (CAPILLARY_USERNAME/CAPILLARY_PASSWORD, CAPILLARY_CLIENT_KEY/CAPILLARY_CLIENT_SECRET or CAPILLARY_OAUTH_TOKEN)")
        }
        return credentials
    }

    /// The names and values of a credentials file: `NAME=value` lines (`#` comments) or a JSON object. Refuses a
    /// file that others than its owner may read.
    public static func fileValues(_ path: String) throws -> [String: String] {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw StatusBatchError.usage("--credentials \(path): cannot read the file")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw StatusBatchError.usage(
                "--credentials \(path): the file may be read by others (mode \(String(mode, radix: 8))); run chmod 600 on it")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw StatusBatchError.usage("--credentials \(path): cannot read the file as UTF-8 text")
        }
        var values: [String: String] = [:]
        if text.trimmingCharactersInSet().hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw StatusBatchError.usage("--credentials \(path): not a JSON object")
            }
            for (key, value) in object { if let text = value as? String { values[key] = text } }
        } else {
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = String(line).trimmingCharactersInSet()
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
                var value = String(trimmed[trimmed.index(after: equals)...]).trimmingCharactersInSet()
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                values[String(trimmed[..<equals]).trimmingCharactersInSet()] = value
            }
        }
        return values
    }

    /// The headers that authenticate a request, for credentials that need no token exchange.
    public var headers: [(String, String)] {
        switch self {
        case .basic(let username, let password):
            let token = Data("\(username):\(MD5.hex(password))".utf8).base64EncodedString()
            return [("Authorization", "Basic \(token)")]
        case .oauthToken(let token):
            return [(CapillaryCredentials.oauthHeader, token)]
        case .oauthClient, .none:
            return []
        }
    }

    /// True for an OAuth client key and secret: the job generates its tokens.
    public var generatesTokens: Bool {
        if case .oauthClient = self { return true }
        return false
    }

    /// The header that carries an OAuth token.
    public static let oauthHeader = "X-CAP-API-OAUTH-TOKEN"

    /// Every secret these credentials hold or derive, so tests can prove none leaks.
    public var secretValues: [String] {
        switch self {
        case .basic(_, let password): return [password, MD5.hex(password)] + headers.map(\.1)
        case .oauthClient(_, let secret): return [secret]
        case .oauthToken(let token): return [token]
        case .none: return []
        }
    }
}

extension CapillaryCredentials: CustomStringConvertible, CustomDebugStringConvertible {
    // Never print a secret by accident, even through string interpolation.
    public var description: String {
        switch self {
        case .basic: return "basic(<redacted>)"
        case .oauthClient: return "oauth-client(<redacted>)"
        case .oauthToken: return "oauth-token(<redacted>)"
        case .none: return "none"
        }
    }
    public var debugDescription: String { description }
}
