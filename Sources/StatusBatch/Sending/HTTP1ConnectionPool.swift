import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Kept-alive HTTP/1.1 connections per origin, at most `limit` each; an exchange takes an idle
/// connection, else opens one, else waits for one to come back. Connections are opened on demand and
/// dropped when the server closes them or an exchange on them fails.
final class HTTP1ConnectionPool: Sendable {
    private struct State {
        var idle: [HTTPTarget.Origin: [Channel]] = [:]
        var open: [HTTPTarget.Origin: Int] = [:]
        /// Connections the pool counts (open, idle or busy), by identity.
        var known: [ObjectIdentifier: HTTPTarget.Origin] = [:]
        var waiting: [HTTPTarget.Origin: [HTTP1Exchange]] = [:]
        var closed = false
    }

    private let limit: Int
    private let group: EventLoopGroup
    private let connectTimeout: TimeAmount
    private let tls: Result<NIOSSLContext, any Error>
    private let state = Mutex(State())

    init(limit: Int, group: EventLoopGroup, connectTimeout: TimeAmount, tls: Result<NIOSSLContext, any Error>) {
        self.limit = max(1, limit)
        self.group = group
        self.connectTimeout = connectTimeout
        self.tls = tls
    }

    /// Sends `exchange` to `origin` on a pooled connection.
    func execute(_ exchange: HTTP1Exchange, on origin: HTTPTarget.Origin) {
        enum Step { case reuse(Channel), connect, wait, refuse }
        let step: Step = state.withLock { state in
            if state.closed { return .refuse }
            if let channel = state.idle[origin]?.popLast() { return .reuse(channel) }
            if state.open[origin, default: 0] < limit {
                state.open[origin, default: 0] += 1
                return .connect
            }
            state.waiting[origin, default: []].append(exchange)
            return .wait
        }
        switch step {
        case .reuse(let channel): write(exchange, to: channel, origin: origin, fresh: false)
        case .connect: connect(for: exchange, to: origin)
        case .wait: break
        case .refuse: exchange.completion(.failed(TransportFailure(kind: .other, message: "the transport was shut down")))
        }
    }

    /// Closes the idle connections; exchanges after this are refused.
    func shutdown() {
        let channels = state.withLock { state -> [Channel] in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle.values.flatMap { $0 }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    private func write(_ exchange: HTTP1Exchange, to channel: Channel, origin: HTTPTarget.Origin, fresh: Bool) {
        channel.writeAndFlush(exchange).whenFailure { [self] error in
            // The connection was closed before its handler took the exchange (a kept-alive connection the server
            // had just closed): nothing reached the server, so the exchange goes on another connection; on a
            // connection just opened it fails. Once the handler took it, the handler completes it.
            giveBack(channel, reusable: false)
            if fresh {
                exchange.completion(.failed(NIOHTTPTransport.describe(error, connected: false)))
            } else {
                execute(exchange, on: origin)
            }
        }
    }

    private func connect(for exchange: HTTP1Exchange, to origin: HTTPTarget.Origin) {
        let sslContext: NIOSSLContext?
        switch (origin.secure, tls) {
        case (false, _): sslContext = nil
        case (true, .success(let context)): sslContext = context
        case (true, .failure(let error)):
            dropOpening(origin)
            exchange.completion(.failed(TransportFailure(kind: .tls, message: "TLS cannot be set up: \(error)")))
            return
        }
        let release: @Sendable (Channel, Bool) -> Void = { [self] channel, reusable in giveBack(channel, reusable: reusable) }
        // A host name is sent for SNI and checked against the certificate; an IP address is checked as one.
        let serverName = origin.host.isIPAddress ? nil : origin.host
        ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    // Requests are written as bytes made off the event loop (`HTTP1RequestWriter`); answers are read by
                    // NIO's decoder.
                    try pipeline.addHandler(HTTP1RequestWriter())
                    try pipeline.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try pipeline.addHandler(HTTP1ExchangeHandler(release: release))
                }
            }
            .connect(host: origin.host, port: origin.port)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    state.withLock { $0.known[ObjectIdentifier(channel)] = origin }
                    write(exchange, to: channel, origin: origin, fresh: true)
                case .failure(let error):
                    dropOpening(origin)
                    exchange.completion(.failed(NIOHTTPTransport.describe(error, connected: false)))
                }
            }
    }

    /// A connection being opened failed: it no longer counts, and a waiting exchange may open another.
    private func dropOpening(_ origin: HTTPTarget.Origin) {
        let next = state.withLock { state -> HTTP1Exchange? in
            state.open[origin, default: 1] -= 1
            return takeWaiting(origin, state: &state, opening: true)
        }
        if let next { connect(for: next, to: origin) }
    }

    /// A connection's exchange ended: it serves the next waiting exchange, becomes idle, or (not reusable,
    /// or closed) is forgotten. Repeated calls for a forgotten connection do nothing.
    private func giveBack(_ channel: Channel, reusable: Bool) {
        enum Next { case nothing, reuse(HTTP1Exchange), connect(HTTP1Exchange) }
        var origin: HTTPTarget.Origin?
        let next: Next = state.withLock { state in
            guard let known = state.known[ObjectIdentifier(channel)] else { return .nothing }
            origin = known
            if reusable && !state.closed {
                if let waiting = takeWaiting(known, state: &state, opening: false) { return .reuse(waiting) }
                state.idle[known, default: []].append(channel)
                return .nothing
            }
            state.known[ObjectIdentifier(channel)] = nil
            state.idle[known]?.removeAll { $0 === channel }
            state.open[known, default: 1] -= 1
            return takeWaiting(known, state: &state, opening: true).map { .connect($0) } ?? .nothing
        }
        guard let origin else { return }
        switch next {
        case .nothing: break
        case .reuse(let exchange): write(exchange, to: channel, origin: origin, fresh: false)
        case .connect(let exchange): connect(for: exchange, to: origin)
        }
        if !reusable { channel.close(promise: nil) }
    }

    /// The first exchange waiting for `origin`; when `opening`, it is counted as a connection being opened.
    private func takeWaiting(_ origin: HTTPTarget.Origin, state: inout State, opening: Bool) -> HTTP1Exchange? {
        guard var queue = state.waiting[origin], !queue.isEmpty else { return nil }
        let first = queue.removeFirst()
        state.waiting[origin] = queue
        if opening { state.open[origin, default: 0] += 1 }
        return first
    }
}

extension String {
    /// True for an IPv4 or IPv6 address literal (checked with `inet_pton`).
    var isIPAddress: Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return withCString { inet_pton(AF_INET, $0, &v4) == 1 || inet_pton(AF_INET6, $0, &v6) == 1 }
    }
}
