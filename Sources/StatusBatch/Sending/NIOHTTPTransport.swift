import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The real transport: HTTP/1.1 on swift-nio directly, over kept-alive connections pooled per origin (as
/// many as the worker pool sends at once), with connect and whole-request timeouts, no redirects, TLS
/// verified. Written instead of async-http-client, whose request machinery cost three times what this
/// does per request and capped the tool below one `curl --parallel` (docs/benchmarks.md, issue 17).
public final class NIOHTTPTransport: HTTPTransport {
    private let pool: HTTP1ConnectionPool
    private let requestTimeout: TimeAmount

    /// `caFile` (PEM) is trusted in addition to the system's certificate authorities.
    public init(concurrency: Int, connectTimeout: Double = 10, requestTimeout: Double = 60, caFile: String? = nil) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        configuration.applicationProtocols = ["http/1.1"]
        let tls = Result { try NIOSSLContext(configuration: configuration) }
        pool = HTTP1ConnectionPool(limit: concurrency, group: MultiThreadedEventLoopGroup.singleton,
                                   connectTimeout: .milliseconds(Int64(connectTimeout * 1000)), tls: tls)
        self.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
    }

    public func send(_ request: CapillaryRequest, completion: @escaping @Sendable (TransportResult) -> Void) {
        guard let target = HTTPTarget(url: request.url) else {
            completion(.failed(TransportFailure(kind: .other, message: "cannot build the request: not an http or https URL: \(request.url)")))
            return
        }
        if let unsafe = Self.unsendable(request, target: target) {
            completion(.failed(TransportFailure(kind: .other, message: "cannot build the request: \(unsafe)")))
            return
        }
        let exchange = HTTP1Exchange(method: HTTPMethod(rawValue: request.method),
                                     bytes: HTTP1RequestWriter.bytes(of: request, target: target),
                                     deadline: .now() + requestTimeout, completion: completion)
        pool.execute(exchange,
                     on: target.origin)
    }

    /// Why a request cannot go on the wire as it is (nil: it can): a target, host or header with a line break, a
    /// NUL or (all but a header's value) a space would split the request or smuggle another into it (requests
    /// are written as bytes, `HTTP1RequestWriter`, without NIO's encoder and its header check).
    static func unsendable(_ request: CapillaryRequest, target: HTTPTarget) -> String? {
        func has(_ text: String, _ forbidden: (UInt8) -> Bool) -> Bool { text.utf8.contains(where: forbidden) }
        let breaks: (UInt8) -> Bool = { $0 == 0x0A || $0 == 0x0D || $0 == 0 }
        let breaksOrSpace: (UInt8) -> Bool = { $0 <= 0x20 || $0 == 0x7F }
        if has(target.requestTarget, breaksOrSpace) || has(target.origin.hostHeader, breaksOrSpace) {
            return "the URL has a space or a control character"
        }
        for header in request.headers {
            if header.name.isEmpty || has(header.name, { breaksOrSpace($0) || $0 == UInt8(ascii: ":") }) {
                return "the header name \"\(header.name)\" is not a valid token"
            }
            if has(header.value, breaks) { return "the value of the \(header.name) header has a line break or a NUL" }
        }
        return nil
    }

    public func shutdown() {
        pool.shutdown()
    }

    /// Maps NIO's errors to the kinds the classifier knows; `connected` when the failure came after the
    /// connection was made (the request may have reached the server then), `handshakeDone` when TLS was
    /// set up by then (a TLS error is then a broken connection, not a certificate to trust).
    static func describe(_ error: Error, connected: Bool, handshakeDone: Bool = false) -> TransportFailure {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return TransportFailure(kind: handshakeDone ? .connection : .tls, message: "\(error)")
        }
        if !connected { return TransportFailure(kind: .unreachable, message: "cannot connect: \(error)") }
        return TransportFailure(kind: .connection, message: "\(error)")
    }
}
