import Foundation

/// Where requests go: a cluster preset or any base URL; plain http only for loopback.
public struct CapillaryEndpoint: Sendable, Equatable {
    public let baseURL: String

    /// Capillary's regional API hosts.
    public static let clusters: [String: String] = [
        "apac": "https://apac.api.capillarytech.com",
        "apac2": "https://apac2.api.capillarytech.com",
        "eu": "https://eu.api.capillarytech.com",
        "us": "https://us.api.capillarytech.com",
    ]

    /// Checks and normalises `baseURL` (no trailing slash); refuses http:// except for loopback hosts,
    /// and any URL carrying user info, a query or a fragment.
    public init(baseURL: String) throws {
        var url = baseURL.trimmingCharactersInSet()
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw StatusBatchError.usage("--base-url \(url): not a URL; expected e.g. https://eu.api.capillarytech.com")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw StatusBatchError.usage("--base-url \(url): give scheme, host, port and path only (no user info, query or fragment)")
        }
        switch scheme {
        case "https": break
        case "http":
            guard CapillaryEndpoint.isLoopback(host) else {
                throw StatusBatchError.usage("--base-url \(url): plain http:// is allowed only for loopback addresses; use https://")
            }
        default:
            throw StatusBatchError.usage("--base-url \(url): expected an https:// URL, e.g. https://eu.api.capillarytech.com")
        }
        self.baseURL = url
    }

    /// True for `localhost`, `::1` and addresses in 127.0.0.0/8 (written as four decimal numbers).
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }

    /// The endpoint of a named cluster (`apac`, `apac2`, `eu`, `us`).
    public static func cluster(_ name: String) throws -> CapillaryEndpoint {
        guard let url = clusters[name.lowercased()] else {
            throw StatusBatchError.usage("--cluster \(name): expected one of \(clusters.keys.sorted().joined(separator: ", "))")
        }
        return try CapillaryEndpoint(baseURL: url)
    }
}
