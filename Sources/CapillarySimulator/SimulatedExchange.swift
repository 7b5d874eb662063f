/// A request as the simulator's rules see it.
public struct SimulatedRequest: Sendable {
    public var method: String
    public var path: String
    /// The raw query string (percent-encoded), as on the wire.
    public var rawQuery: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, path: String, rawQuery: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    /// Query parameters, percent-decoded (`+` is a literal plus, as Capillary's servers treat it).
    public var query: [String: String] {
        var result: [String: String] = [:]
        for pair in rawQuery.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = PercentDecoding.decode(String(parts[0]))
            result[key] = parts.count > 1 ? PercentDecoding.decode(String(parts[1])) : ""
        }
        return result
    }
}

/// What the simulator answers.
public struct SimulatedReply: Sendable {
    public var status: Int
    public var headers: [(String, String)] = []
    /// The `Content-Type` of `body`.
    public var contentType = "application/json"
    public var body: String
    /// Seconds to hold the answer.
    public var delay: Double = 0
    /// Close the connection without answering (`status` and `body` are then what would have been sent, if any).
    public var drop = false
    /// A customer marked busy until the answer is sent (concurrent updates get 521 meanwhile).
    public var busyCustomer: String?
    /// True when handling the request recorded a status-history entry (whatever reaches the client).
    public var applied = false
    /// The fixed quota window (`fixedWindowLimit`) a status update fell in, counted from 0 at the origin.
    public var quotaWindow: Int?
}

/// Decodes `%XX` escapes as UTF-8.
enum PercentDecoding {
    static func decode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            // A `%` not followed by two hex digits stays as it is.
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
               let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
