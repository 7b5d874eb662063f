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
            completion(.failed(TransportFailure(kind: .invalidRequest, message: "not an http or https URL: \(request.url)")))
            return
        }
        if let reason = HTTPRequestCheck.problem(with: request, target: target) {
            completion(.failed(TransportFailure(kind: .invalidRequest, message: reason)))
            return
        }
        let exchange = HTTP1Exchange(method: HTTPMethod(rawValue: request.method),
                                     bytes: HTTP1RequestWriter.bytes(of: request, target: target),
                                     deadline: .now() + requestTimeout, completion: completion)
        pool.execute(exchange, on: target.origin)
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
