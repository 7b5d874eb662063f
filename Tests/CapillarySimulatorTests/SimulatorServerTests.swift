import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import CapillarySimulator

/// SimulatorServer over a real loopback socket: answers, keep-alive, 521 across connections, drops, shutdown.
/// Serialized: the raw-socket helpers block their thread while reading.
@Suite("SimulatorServer", .serialized)
struct SimulatorServerTests {
    /// Starts a server on a free port, runs `body`, and always shuts it down.
    static func withServer<T>(_ configure: (inout SimulatorOptions) -> Void = { _ in },
                              _ body: (SimulatorServer) async throws -> T) async throws -> T {
        let server = try SimulatorServer(engine: try Sim.engine(configure), host: "127.0.0.1", port: 0)
        defer { server.shutdown() }
        return try await body(server)
    }

    @Test("port 0 gets a free port from the OS; baseURL names it")
    func freePort() async throws {
        try await Self.withServer { server in
            #expect(server.port > 0)
            #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        }
    }

    @Test("a PUT through URLSession gets 200 with createdId and Capillary's headers")
    func urlSessionPut() async throws {
        try await Self.withServer { server in
            let query = Sim.query(value: "%2B919800000001")
            var request = URLRequest(url: try #require(URL(string: "\(server.baseURL)\(Sim.path)?\(query)")))
            request.httpMethod = "PUT"
            request.timeoutInterval = 2
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(Sim.goldBody.utf8)
            let session = URLSession(configuration: .ephemeral)
            defer { session.finishTasksAndInvalidate() }
            let (data, response) = try await session.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "Content-Type") == "application/json")
            #expect(http.value(forHTTPHeaderField: "X-Cap-RequestID")?.isEmpty == false)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(json["createdId"] is NSNumber)
            #expect((json["warnings"] as? [Any])?.isEmpty == true)
            #expect(server.engine.historyCounts() == ["mobile:+919800000001": 1])
        }
    }

    @Test("two requests on one keep-alive connection both get answers; the customer is freed after the first")
    func keepAlive() async throws {
        try await Self.withServer { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            let first = try connection.readResponse()
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            let second = try connection.readResponse()
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(first.headers["connection"] == nil)
            let ids = [first, second].compactMap { ($0.json?["createdId"] as? NSNumber)?.intValue }
            #expect(ids.count == 2 && ids[1] == ids[0] + 1, "\(ids)")
            #expect(first.headers["x-cap-requestid"] != second.headers["x-cap-requestid"])
            #expect(server.engine.historyCounts() == ["mobile:919800000001": 2])
        }
    }

    @Test("pipelined requests are answered in order")
    func pipelined() async throws {
        try await Self.withServer({ $0.latencyMs = 20; $0.latencyJitterMs = 40 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            let values = ["919800000001", "919800000002", "919800000003"]
            try connection.send(values.map { rawPut(query: Sim.query(value: $0)) }.joined())
            let responses = try values.map { _ in try connection.readResponse() }
            #expect(responses.map(\.status) == [200, 200, 200])
            let ids = responses.compactMap { ($0.json?["createdId"] as? NSNumber)?.intValue }
            #expect(ids == ids.sorted() && ids.count == 3, "\(ids)")
        }
    }

    @Test("errors go over the wire with their status and body", arguments: [
        ("919800000503", 503, 503), ("919800000500", 500, 500), ("919800008015", 400, 8015),
    ])
    func errorStatuses(value: String, status: Int, code: Int) async throws {
        try await Self.withServer { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: value)))
            let response = try connection.readResponse()
            #expect(response.status == status)
            let errors = try #require(response.json?["errors"] as? [[String: Any]])
            #expect((errors.first?["code"] as? NSNumber)?.intValue == code)
        }
    }

    @Test("429 for a 0429 value carries Retry-After on the wire")
    func retryAfterOnWire() async throws {
        try await Self.withServer { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000429")))
            let response = try connection.readResponse()
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "1")
        }
    }

    @Test("a wrong path gets 404 and a GET gets 405 over the wire")
    func routing() async throws {
        try await Self.withServer { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try connection.readResponse().status == 404)
            try connection.send("GET \(Sim.path)?\(Sim.query(value: "1")) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try connection.readResponse().status == 405)
        }
    }

    @Test("an XML 401 goes over the wire as application/xml with the fault body; other answers stay JSON")
    func xml401OnWire() async throws {
        try await Self.withServer({ $0.expectedAuthorization = "Basic ok"; $0.xml401 = true }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            let refused = try connection.readResponse()
            #expect(refused.status == 401)
            #expect(refused.headers["content-type"] == "application/xml")
            #expect(refused.body == SimulatorXML401Tests.invalid)
            #expect(refused.headers["content-length"] == String(refused.body.utf8.count))
            try connection.send(rawPut(query: Sim.query(value: "919800000001"), extraHeaders: ["Authorization: Basic ok"]))
            let accepted = try connection.readResponse()
            #expect(accepted.status == 200)
            #expect(accepted.headers["content-type"] == "application/json")
        }
    }

    @Test("a second update of a busy customer on another connection gets 521 while the first is held")
    func busyAcrossConnections() async throws {
        try await Self.withServer({ $0.latencyMs = 600 }) { server in
            let first = try RawHTTPConnection(port: server.port)
            try first.send(rawPut(query: Sim.query(value: "919800000001")))
            // The engine records the success when it decides it, before the answer is held back.
            #expect(Self.waitUntil { server.engine.historyCounts()["mobile:919800000001"] == 1 })
            let second = try RawHTTPConnection(port: server.port)
            try second.send(rawPut(query: Sim.query(value: "919800000001")))
            let secondResponse = try second.readResponse()
            #expect(secondResponse.status == 521)
            #expect((secondResponse.json?["errors"] as? [[String: Any]])?.first?["code"] as? Int == 521)
            #expect(try first.readResponse().status == 200)
            // Once the 200 is sent the customer is free again.
            let third = try RawHTTPConnection(port: server.port)
            try third.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(try third.readResponse().status == 200)
        }
    }

    /// Polls `condition` every millisecond for up to `timeout` seconds.
    static func waitUntil(timeout: Double = 1, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    @Test("latency holds the answer for at least latencyMs")
    func latency() async throws {
        try await Self.withServer({ $0.latencyMs = 200 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            let start = ContinuousClock.now
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(try connection.readResponse().status == 200)
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(190), "\(elapsed)")
            #expect(elapsed < .seconds(1.5), "\(elapsed)")
        }
    }

    @Test("dropRate 1 closes the connection without a response")
    func dropped() async throws {
        try await Self.withServer({ $0.dropRate = 1 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(try connection.readUntilClosed().isEmpty)
            #expect(server.engine.historyCounts().isEmpty)
        }
    }

    @Test("Connection: close and HTTP/1.0 get one answer with Connection: close, then the server closes",
          arguments: [("HTTP/1.1", ["Connection: close"]), ("HTTP/1.0", [String]())])
    func connectionClose(version: String, headers: [String]) async throws {
        try await Self.withServer { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000001"), version: version, extraHeaders: headers))
            let response = try connection.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["connection"]?.lowercased() == "close")
            #expect(try connection.readUntilClosed().isEmpty)
        }
    }

    @Test("shutdown stops listening and flushes the request log")
    func shutdown() async throws {
        let path = Sim.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try SimulatorServer(engine: try Sim.engine { $0.logPath = path })
        let port = server.port
        let connection = try RawHTTPConnection(port: port)
        for index in 1...3 {
            try connection.send(rawPut(query: Sim.query(value: "91980000000\(index)")))
            #expect(try connection.readResponse().status == 200)
        }
        connection.close()
        server.shutdown()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(throws: RawHTTPError.self) { _ = try RawHTTPConnection(port: port) }
    }
}
