import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The simulator as an HTTP/1.1 server on a loopback port (SwiftNIO), over TLS when given a certificate.
public final class SimulatorServer: Sendable {
    public let engine: SimulatorEngine
    private let group: MultiThreadedEventLoopGroup
    /// Writes the request log off the event loop (one thread keeps the lines in order).
    private let logWriter: NIOThreadPool
    private let channel: Channel
    /// The port the server listens on (useful when started with port 0).
    public let port: Int
    /// True when it serves HTTPS.
    public let servesTLS: Bool

    /// Binds `host:port` (port 0 asks the OS for a free one) and starts serving; over TLS with `tls` (PEM files of
    /// the certificate chain and its private key).
    public init(engine: SimulatorEngine, host: String = "127.0.0.1", port: Int = 0, threads: Int = 1,
                tls: (certificate: String, key: String)? = nil) throws {
        self.engine = engine
        let tlsContext = try tls.map { files in
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key, format: .pem))))
        }
        servesTLS = tlsContext != nil
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let logWriter = NIOThreadPool(numberOfThreads: 1)
        logWriter.start()
        self.logWriter = logWriter
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SimulatorHTTPHandler(engine: engine, logWriter: logWriter))
                }
            }
        do {
            channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            try? logWriter.syncShutdownGracefully()
            throw error
        }
        self.port = channel.localAddress?.port ?? port
    }

    /// Base URL for clients, e.g. http://127.0.0.1:51234 (https with TLS).
    public var baseURL: String { "\(servesTLS ? "https" : "http")://127.0.0.1:\(port)" }

    /// Closes the listening channel without waiting (safe from any thread, e.g. a signal handler);
    /// `waitUntilClosed` then returns.
    public func close() {
        channel.close(promise: nil)
    }

    /// Stops accepting and closes the event loops.
    public func shutdown() {
        try? channel.close().wait()
        // The log writer runs its jobs in order: once this one ran, every line queued before it is written.
        try? logWriter.runIfActive(eventLoop: group.next()) {}.wait()
        try? group.syncShutdownGracefully()
        try? logWriter.syncShutdownGracefully()
        engine.flushLog()
    }

    /// Blocks until the server's channel closes.
    public func waitUntilClosed() throws {
        try channel.closeFuture.wait()
    }
}

/// Collects one request (head and body), asks the engine, has the request logged off the event loop,
/// then writes the answer after its delay (so a request's log line is written before its answer leaves).
final class SimulatorHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let engine: SimulatorEngine
    private let logWriter: NIOThreadPool
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(engine: SimulatorEngine, logWriter: NIOThreadPool) {
        self.engine = engine
        self.logWriter = logWriter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body += bytes }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, head: head)
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let request = SimulatedRequest(
            method: head.method.rawValue, path: String(parts[0]), rawQuery: parts.count > 1 ? String(parts[1]) : "",
            headers: head.headers.map { ($0.name, $0.value) }, body: body)
        let now = Date().timeIntervalSince1970
        let reply = engine.reply(to: request, now: now)
        let keepAlive = head.isKeepAlive
        let loop = context.eventLoop
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        let write: @Sendable () -> Void = { [engine] in
            let context = boundContext.value
            defer { engine.finished(reply) }
            if reply.drop {
                context.close(promise: nil)
                return
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: reply.contentType)
            headers.add(name: "Content-Length", value: String(reply.body.utf8.count))
            headers.add(name: "X-Cap-RequestID", value: UUID().uuidString)
            for (name, value) in reply.headers { headers.add(name: name, value: value) }
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            let status = HTTPResponseStatus(statusCode: reply.status)
            context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: reply.body.utf8.count)
            buffer.writeString(reply.body)
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
            let done = context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
            if !keepAlive { done.whenComplete { _ in boundContext.value.close(promise: nil) } }
        }
        let answer: @Sendable () -> Void = {
            if reply.delay > 0 {
                loop.scheduleTask(in: .nanoseconds(Int64(reply.delay * 1e9))) { write() }
            } else {
                write()
            }
        }
        guard engine.logsRequests else { return answer() }
        let engine = self.engine
        logWriter.runIfActive(eventLoop: loop) { engine.record(request, reply: reply, now: now) }
            .whenComplete { _ in answer() }
    }
}
