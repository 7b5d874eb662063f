import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS

/// One request on a kept-alive connection, and where its result goes (exactly once).
struct HTTP1Exchange: Sendable {
    var method: HTTPMethod
    /// The whole request as it goes on the wire (`HTTP1RequestWriter.bytes(of:target:)`).
    var bytes: ByteBuffer
    var deadline: NIODeadline
    var completion: @Sendable (TransportResult) -> Void
}

/// The last handler of a pooled connection: writes the exchange handed to it, gathers the answer, and
/// gives the connection back to its pool once the answer ended (or drops it when it cannot be reused).
/// A failure before the answer ends completes the exchange with the kind the classifier knows.
final class HTTP1ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTP1Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private let release: @Sendable (_ channel: Channel, _ reusable: Bool) -> Void
    private var exchange: HTTP1Exchange?
    private var timeout: Scheduled<Void>?
    private var status = 0
    private var keepAlive = true
    private var headers: [(String, String)] = []
    private var body: ByteBuffer?
    /// The TLS handshake completed: a TLS error after it is a broken connection, not a certificate problem.
    private var secured = false

    /// `release` gives the connection back to the pool (or tells it the connection is gone).
    init(release: @escaping @Sendable (_ channel: Channel, _ reusable: Bool) -> Void) {
        self.release = release
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        // A connection the server closed while idle: nothing is written, the pool sends it on another.
        guard context.channel.isActive else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        promise?.succeed(())
        // It waited for a connection past its deadline: it is not sent at all.
        guard NIODeadline.now() < exchange.deadline else {
            exchange.completion(.failed(TransportFailure(
                kind: .unreachable, message: "no connection was free before the request's deadline; it was not sent")))
            release(context.channel, true)
            return
        }
        self.exchange = exchange
        (status, keepAlive, headers, body) = (0, true, [], nil)
        // The timer fires on this connection's event loop, where the handler and its context live.
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(deadline: exchange.deadline) {
            bound.value.handler.fail(TransportFailure(kind: .timeout, message: "no answer within the request timeout"),
                                     context: bound.value.context)
        }
        // The head tells the response decoder the method; `HTTP1RequestWriter` writes only the bytes.
        context.write(wrapOutboundOut(.head(HTTP1RequestWriter.head(for: exchange.method))), promise: nil)
        // The exchange is this handler's from here: a failure to write it out (the connection was made, so it
        // may have reached the server) completes the exchange as such.
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(exchange.bytes))), promise: written)
        written.futureResult.whenFailure { error in
            bound.value.handler.fail(NIOHTTPTransport.describe(error, connected: true, handshakeDone: bound.value.handler.secured),
                                     context: bound.value.context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            keepAlive = head.isKeepAlive
            headers = head.headers.map { ($0.name, $0.value) }
        case .body(var part):
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            guard let exchange else { return }
            let answer = TransportResult.answered(status: status, headers: headers,
                                                  body: body.map { Array($0.readableBytesView) } ?? [])
            finish()
            // The connection goes back first, so the request this answer lets start can use it.
            release(context.channel, keepAlive)
            if !keepAlive { context.close(promise: nil) }
            exchange.completion(answer)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { secured = true }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A peer that closes a TLS connection without close_notify: the close itself decides (an answer whose
        // body ends with the connection is whole; one cut short fails as a closed connection).
        if secured, let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError { return }
        guard exchange != nil else {
            release(context.channel, false)
            context.close(promise: nil)
            return
        }
        fail(NIOHTTPTransport.describe(error, connected: true, handshakeDone: secured), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if exchange != nil {
            fail(TransportFailure(kind: .connection, message: "the connection closed before the answer ended"), context: context)
        } else {
            release(context.channel, false)
        }
        context.fireChannelInactive()
    }

    /// Completes the exchange in progress with `failure` and drops the connection.
    private func fail(_ failure: TransportFailure, context: ChannelHandlerContext) {
        guard let exchange else { return }
        finish()
        release(context.channel, false)
        context.close(promise: nil)
        exchange.completion(.failed(failure))
    }

    private func finish() {
        exchange = nil
        timeout?.cancel()
        timeout = nil
        body = nil
    }
}
