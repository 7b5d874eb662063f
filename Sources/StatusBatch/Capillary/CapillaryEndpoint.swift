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

    /// Checks and normalises `baseURL` (no trailing slash); refuses http:// except for loopback hosts.
    public init(baseURL: String) throws {
        var url = baseURL.trimmingCharactersInSet()
        while url.hasSuffix("/") { url.removeLast() }
        let lower = url.lowercased()
        if lower.hasPrefix("http://") {
            let host = CapillaryEndpoint.host(of: String(url.dropFirst(7)))
            guard ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host.lowercased()) || host.hasPrefix("127.") else {
                throw StatusBatchError.usage("--base-url \(url): plain http:// is allowed only for loopback addresses; use https://")
            }
        } else if !lower.hasPrefix("https://") {
            throw StatusBatchError.usage("--base-url \(url): expected an https:// URL, e.g. https://eu.api.capillarytech.com")
        }
        guard !CapillaryEndpoint.host(of: String(url.drop { $0 != "/" }.dropFirst(2))).isEmpty else {
            throw StatusBatchError.usage("--base-url \(url): no host name")
        }
        self.baseURL = url
    }

    /// The endpoint of a named cluster (`apac`, `apac2`, `eu`, `us`).
    public static func cluster(_ name: String) throws -> CapillaryEndpoint {
        guard let url = clusters[name.lowercased()] else {
            throw StatusBatchError.usage("--cluster \(name): expected one of \(clusters.keys.sorted().joined(separator: ", "))")
        }
        return try CapillaryEndpoint(baseURL: url)
    }

    private static func host(of authorityAndPath: String) -> String {
        let authority = authorityAndPath.prefix { $0 != "/" && $0 != "?" }
        if authority.hasPrefix("[") { return String(authority.prefix { $0 != "]" }) + "]" }
        return String(authority.prefix { $0 != ":" })
    }
}
