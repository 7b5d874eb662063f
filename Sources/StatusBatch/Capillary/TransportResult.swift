/// What came back from one request: an answer with a status, or a failure before one.
public enum TransportResult: Sendable {
    case answered(status: Int, headers: [(String, String)], body: [UInt8])
    case failed(TransportFailure)
}

/// A request that got no HTTP answer.
public struct TransportFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// No answer in time (the request may have been applied).
        case timeout
        /// The connection closed or reset after it was made (the request may have been applied).
        case connection
        /// No connection could be made (refused, connect timeout): nothing was sent.
        case unreachable
        case other
        /// The TLS handshake failed (e.g. the certificate cannot be verified): retrying will not help.
        case tls
        /// The request cannot be written as it is (a line break in a header, a space in the URL): nothing was
        /// sent, and every request of the job would be refused alike (the values come from its settings).
        case invalidRequest = "invalid_request"
    }
    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
