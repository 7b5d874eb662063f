import Foundation
import Testing
@testable import CapillarySimulator

/// The effect faults over a real loopback socket: apply-then-drop closes the connection after applying,
/// apply-then-late holds the 200, html200 sends a text/html page; each is logged before its answer leaves.
/// Serialized: the raw-socket helpers block their thread while reading.
@Suite("SimulatorServer: effect faults", .serialized)
struct SimulatorEffectFaultsServerTests {
    /// Starts a server logging to a fresh file, runs `body`, shuts the server down and returns the log's lines.
    static func withLoggedServer(_ configure: (inout SimulatorOptions) -> Void,
                                 _ body: (SimulatorServer) throws -> Void) throws -> [[String: Any]] {
        let path = Sim.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try SimulatorServer(engine: try Sim.engine { $0.logPath = path; configure(&$0) })
        do {
            try body(server)
        } catch {
            server.shutdown()
            throw error
        }
        server.shutdown()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("apply-then-drop: the connection closes without a response, the update is in the history and the log")
    func applyThenDrop() throws {
        let lines = try Self.withLoggedServer({ $0.applyThenDropRate = 1 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(try connection.readUntilClosed().isEmpty)
            #expect(server.engine.historyCounts() == ["mobile:919800000001": 1])
            // The customer is free again once the connection is closed: the next attempt is applied (and dropped).
            let again = try RawHTTPConnection(port: server.port)
            try again.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(try again.readUntilClosed().isEmpty)
            #expect(server.engine.historyCounts() == ["mobile:919800000001": 2])
        }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0["applied"] as? Bool == true && $0["dropped"] as? Bool == true })
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [0, 0])
    }

    @Test("apply-then-late: applied at once, the 200 arrives after lateAnswerSeconds, meanwhile the customer is busy")
    func applyThenLate() throws {
        let lines = try Self.withLoggedServer({ $0.applyThenLateRate = 1; $0.lateAnswerSeconds = 0.3 }) { server in
            let first = try RawHTTPConnection(port: server.port)
            let start = ContinuousClock.now
            try first.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(SimulatorServerTests.waitUntil { server.engine.historyCounts()["mobile:919800000001"] == 1 })
            let second = try RawHTTPConnection(port: server.port)
            try second.send(rawPut(query: Sim.query(value: "919800000001")))
            #expect(try second.readResponse().status == 521)
            let response = try first.readResponse()
            let elapsed = ContinuousClock.now - start
            #expect(response.status == 200 && response.json?["createdId"] is NSNumber)
            #expect(elapsed >= .milliseconds(290), "\(elapsed)")
            #expect(elapsed < .seconds(1.5), "\(elapsed)")
        }
        #expect(lines.map { $0["applied"] as? Bool } == [true, false])
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 521])
    }

    @Test("html200: 200 with Content-Type text/html and the maintenance page; nothing applied")
    func html200() throws {
        let lines = try Self.withLoggedServer({ $0.html200Rate = 1 }) { server in
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(rawPut(query: Sim.query(value: "919800000001")))
            let response = try connection.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html")
            #expect(response.body == EffectFault.maintenancePage)
            #expect(response.body.contains("<title>Service maintenance</title>"))
            #expect(response.headers["content-length"] == String(response.body.utf8.count))
            #expect(server.engine.historyCounts().isEmpty)
        }
        #expect(lines.map { $0["applied"] as? Bool } == [false])
    }
}
