import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The real transport: async-http-client with a connection pool sized to the worker pool,
/// connect and whole-request timeouts, no redirects, TLS verified.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    private let requestTimeout: TimeAmount

    /// `caFile` (PEM) is trusted in addition to the system's certificate authorities.
    public init(concurrency: Int, connectTimeout: Double = 10, requestTimeout: Double = 60, caFile: String? = nil) {
        var configuration = HTTPClient.Configuration()
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.file(caFile)]
            configuration.tlsConfiguration = tls
        }
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)),
                                      read: .milliseconds(Int64(requestTimeout * 1000)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency))
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
    }

    public func send(_ request: CapillaryRequest, completion: @escaping @Sendable (TransportResult) -> Void) {
        let prepared: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for header in request.headers { headers.add(name: header.name, value: header.value) }
            prepared = try HTTPClient.Request(url: request.url, method: HTTPMethod(rawValue: request.method),
                                              headers: headers, body: .bytes(request.body))
        } catch {
            completion(.failed(TransportFailure(kind: .other, message: "cannot build the request: \(error)")))
            return
        }
        client.execute(request: prepared, deadline: .now() + requestTimeout).whenComplete { result in
            switch result {
            case .success(let response):
                let body = response.body.map { Array($0.readableBytesView) } ?? []
                completion(.answered(status: Int(response.status.code),
                                     headers: response.headers.map { ($0.name, $0.value) }, body: body))
            case .failure(let error):
                completion(.failed(AsyncHTTPTransport.describe(error)))
            }
        }
    }

    public func shutdown() {
        try? client.syncShutdown()
    }

    /// Maps client errors to the kinds the classifier knows.
    static func describe(_ error: Error) -> TransportFailure {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout:
                return TransportFailure(kind: .unreachable, message: "\(clientError)")
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                return TransportFailure(kind: .timeout, message: "\(clientError)")
            case .remoteConnectionClosed:
                return TransportFailure(kind: .connection, message: "\(clientError)")
            default:
                return TransportFailure(kind: .other, message: "\(clientError)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return TransportFailure(kind: .tls, message: "\(error)")
        }
        // A connection that could not be made sent nothing.
        if error is NIOConnectionError { return TransportFailure(kind: .unreachable, message: "\(error)") }
        if let ioError = error as? IOError, ioError.errnoCode == ECONNREFUSED {
            return TransportFailure(kind: .unreachable, message: "\(error)")
        }
        // Other socket-level failures (reset, closed) come as NIO errors of several types.
        return TransportFailure(kind: .connection, message: "\(error)")
    }
}
