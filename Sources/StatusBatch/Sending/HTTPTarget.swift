/// Where an `http` or `https` URL points: the connection's scheme, host and port, and the request
/// target (path and query) sent on it. Parsed by hand: the URLs are the ones `CapillaryEndpoint` builds.
struct HTTPTarget: Hashable, Sendable {
    /// The connection a request can share with others of the same target.
    struct Origin: Hashable, Sendable {
        var secure: Bool
        var host: String
        var port: Int

        /// The `Host` header: the port only when it is not the scheme's own.
        var hostHeader: String {
            let name = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
            return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
        }
    }

    var origin: Origin
    /// Path and query, `/` when the URL has neither.
    var requestTarget: String

    /// Nil when `url` is not an absolute http or https URL with a host.
    init?(url: String) {
        let secure: Bool
        let rest: Substring
        if url.hasPrefix("https://") {
            (secure, rest) = (true, url.dropFirst(8))
        } else if url.hasPrefix("http://") {
            (secure, rest) = (false, url.dropFirst(7))
        } else {
            return nil
        }
        // Scanned and stepped as UTF-8 bytes: the delimiters are ASCII (so on scalar boundaries), and a Character
        // scan of a long query is slow.
        let authorityEnd = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) { authority = authority[authority.utf8.index(after: at)...] }
        var host: Substring
        var portText: Substring?
        if authority.utf8.first == UInt8(ascii: "[") {
            guard let close = authority.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            host = authority[authority.utf8.index(after: authority.startIndex)..<close]
            let after = authority[authority.utf8.index(after: close)...]
            if after.utf8.first == UInt8(ascii: ":") { portText = after[after.utf8.index(after: after.startIndex)...] } else if !after.isEmpty { return nil }
        } else if let colon = authority.utf8.lastIndex(of: UInt8(ascii: ":")) {
            host = authority[..<colon]
            portText = authority[authority.utf8.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        var port = secure ? 443 : 80
        if let portText, !portText.isEmpty {
            guard let number = Int(portText), (1...65535).contains(number) else { return nil }
            port = number
        }
        var target = rest[authorityEnd...]
        if let fragment = target.utf8.firstIndex(of: UInt8(ascii: "#")) { target = target[..<fragment] }
        origin = Origin(secure: secure, host: String(host), port: port)
        requestTarget = target.isEmpty ? "/" : (target.utf8.first == UInt8(ascii: "?") ? "/" + target : String(target))
    }
}
