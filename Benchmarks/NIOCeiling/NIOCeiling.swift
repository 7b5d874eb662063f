import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A bare HTTP/1.1 client on swift-nio on StatusBatch's path (issue 17): ROWS status PUTs over CONCURRENCY
/// keep-alive connections, each sending its next request when the previous answer ended; no pool, no
/// state machine, no job. The ceiling of a lean client written on NIO directly, measured beside
/// `ahc-ceiling` and curl. Plain HTTP only.
///
///     swift run -c release --scratch-path .build-release nio-ceiling BASE_URL [ROWS] [CONCURRENCY] [LOOPS]
@main
struct NIOCeiling {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, arguments[1].hasPrefix("http://") else {
            FileHandle.standardError.write(Data("usage: nio-ceiling http://HOST:PORT [ROWS] [CONCURRENCY] [LOOPS]\n".utf8))
            exit(2)
        }
        let authority = arguments[1].dropFirst("http://".count).prefix { $0 != "/" }
        let host = String(authority.prefix { $0 != ":" })
        let port = Int(authority.split(separator: ":").last.map(String.init) ?? "80") ?? 80
        let rows = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
        let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 32 : 32
        let loops = arguments.count > 4 ? Int(arguments[4]) ?? 1 : 1
        let group = MultiThreadedEventLoopGroup(numberOfThreads: loops)
        let counter = RowCounter(rows: rows)
        let start = Date()
        let done = try (0..<min(concurrency, rows)).map { _ in
            let channel = try ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(SerialExchanges(host: String(authority), counter: counter))
                    }
                }
                .connect(host: host, port: port).wait()
            return channel.closeFuture
        }
        for future in done { try future.wait() }
        let seconds = Date().timeIntervalSince(start)
        try group.syncShutdownGracefully()
        print(String(format: "nio-ceiling: %d rows in %.2f s, %.0f rows/s, %d not 200 (concurrency %d, %d event loops)",
                     rows, seconds, Double(rows) / seconds, counter.failures, concurrency, loops))
    }
}

/// Hands out row numbers to the connections and counts answers that were not 200.
final class RowCounter: Sendable {
    private let state = Mutex((next: 0, failures: 0))
    let rows: Int
    init(rows: Int) { self.rows = rows }

    var failures: Int { state.withLock { $0.failures } }

    func take() -> Int? {
        state.withLock { state in
            guard state.next < rows else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func failed() { state.withLock { $0.failures += 1 } }
}

/// One connection: sends a request, waits for its answer to end, sends the next; closes when rows run out.
final class SerialExchanges: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    private let host: String
    private let counter: RowCounter
    private let body = ByteBuffer(string: #"{"reason":"benchmark run","label":"Gold"}"#)
    private var status: HTTPResponseStatus = .ok

    init(host: String, counter: RowCounter) {
        self.host = host
        self.counter = counter
    }

    func channelActive(context: ChannelHandlerContext) { sendNext(context: context) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status
        case .body: break
        case .end:
            if status != .ok { counter.failed() }
            sendNext(context: context)
        }
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard let row = counter.take() else { context.close(promise: nil); return }
        let value = String(format: "91%010d7", row)
        var head = HTTPRequestHead(version: .http1_1, method: .PUT,
                                   uri: "/v2/customers/lookup/status?source=INSTORE&identifierName=mobile&identifierValue=\(value)")
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Accept", value: "application/json")
        head.headers.add(name: "Authorization", value: "Basic YmVuY2g6YmVuY2g=")
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
