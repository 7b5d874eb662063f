import NIOCore
import NIOEmbedded
import NIOHTTP1
import Synchronization
import Testing
@testable import StatusBatch

/// A pooled connection's handlers on an in-memory channel: each request leaves as exactly its bytes, in one
/// write, and the decoder pairs each answer with its request (a HEAD's answer has no body).
@Suite struct HTTP1PipelineTests {
    /// The answers the exchanges got, in order, and how often the connection was given back.
    final class Results: Sendable {
        let answers = Mutex<[TransportResult]>([])
        let releases = Mutex<[Bool]>([])
    }

    static func channel(_ results: Results) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HTTP1RequestWriter())
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
        try channel.pipeline.syncOperations.addHandler(HTTP1ExchangeHandler(release: { _, reusable in
            results.releases.withLock { $0.append(reusable) }
        }))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        return channel
    }

    static func exchange(_ method: HTTPMethod, _ text: String, _ results: Results) -> HTTP1Exchange {
        HTTP1Exchange(method: method, bytes: ByteBuffer(string: text), deadline: .now() + .seconds(60)) { result in
            results.answers.withLock { $0.append(result) }
        }
    }

    static func status(_ result: TransportResult) -> (Int, String)? {
        guard case .answered(let status, _, let body) = result else { return nil }
        return (status, String(decoding: body, as: UTF8.self))
    }

    @Test("the bytes go out as one buffer, nothing else; the answer completes the exchange and frees the connection")
    func oneExchange() throws {
        let results = Results()
        let channel = try Self.channel(results)
        let request = "PUT /v2/customers/lookup/status?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}"
        try channel.writeAndFlush(Self.exchange(.PUT, request, results)).wait()
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(String(buffer: written) == request)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"createdId\":566}"))
        let answers = results.answers.withLock { $0 }
        #expect(answers.count == 1)
        #expect(answers.first.flatMap(Self.status).map { $0.0 } == 200)
        #expect(answers.first.flatMap(Self.status).map { $0.1 } == "{\"createdId\":566}")
        #expect(results.releases.withLock { $0 } == [true])
        _ = try channel.finish()
    }

    @Test("answers pair with their requests: a HEAD's answer has no body although it names a length, a 204 none")
    func pairing() throws {
        let results = Results()
        let channel = try Self.channel(results)
        try channel.writeAndFlush(Self.exchange(.HEAD, "HEAD /a HTTP/1.1\r\nHost: h\r\n\r\n", results)).wait()
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"))
        try channel.writeAndFlush(Self.exchange(.PUT, "PUT /b HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", results)).wait()
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 204 No Content\r\n\r\n"))
        try channel.writeAndFlush(Self.exchange(.GET, "GET /c HTTP/1.1\r\nHost: h\r\n\r\n", results)).wait()
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"))
        let answers = results.answers.withLock { $0 }.compactMap(Self.status)
        #expect(answers.map(\.0) == [200, 204, 200])
        #expect(answers.map(\.1) == ["", "", "hello"])
        #expect(results.releases.withLock { $0 } == [true, true, true])
        _ = try channel.finish()
    }
}
