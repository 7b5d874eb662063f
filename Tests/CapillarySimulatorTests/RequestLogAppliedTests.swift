import Foundation
import Testing
@testable import CapillarySimulator

/// The request log's `applied` field: true exactly when the request recorded a status-history entry, so updates
/// per customer can be counted from the log even when the answer was dropped, late or not JSON.
@Suite("RequestLog: applied")
struct RequestLogAppliedTests {
    /// The line's `applied` value (nil when missing or not a boolean).
    static func applied(_ line: [String: Any]) -> Bool? { line["applied"] as? Bool }

    @Test("a normal success is applied; an 8015 failure is not")
    func successAndFailure() throws {
        let (lines, text) = try RequestLogTests.logged { engine in
            Sim.answer(engine, Sim.request())
            Sim.answer(engine, Sim.request(value: "919800008015"))
        }
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 400])
        #expect(lines.map(Self.applied) == [true, false])
        #expect((lines[1]["code"] as? NSNumber)?.intValue == 8015)
        #expect(text.contains("\"applied\":true") && text.contains("\"applied\":false"))
    }

    @Test("apply-then-drop: status 0, dropped, applied, with the createdId the update got")
    func applyThenDrop() throws {
        var reply: SimulatedReply?
        let (lines, _) = try RequestLogTests.logged({ $0.applyThenDropRate = 1 }) { engine in
            reply = Sim.answer(engine, Sim.request())
        }
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect((line["status"] as? NSNumber)?.intValue == 0)
        #expect(line["dropped"] as? Bool == true)
        #expect(Self.applied(line) == true)
        #expect((line["createdId"] as? NSNumber)?.intValue == reply?.createdId)
        #expect(reply?.createdId != nil)
    }

    @Test("apply-then-late: status 200, applied, logged at once")
    func applyThenLate() throws {
        let (lines, _) = try RequestLogTests.logged({ $0.applyThenLateRate = 1 }) { engine in
            Sim.answer(engine, Sim.request(), now: 1000)
        }
        #expect(lines.count == 1)
        #expect((lines[0]["status"] as? NSNumber)?.intValue == 200)
        #expect((lines[0]["t"] as? NSNumber)?.intValue == 1_000_000)
        #expect(Self.applied(lines[0]) == true && lines[0]["dropped"] as? Bool == false)
        #expect(lines[0]["createdId"] is NSNumber)
    }

    @Test("html200: status 200, not applied, no createdId and no code")
    func html200() throws {
        let (lines, _) = try RequestLogTests.logged({ $0.html200Rate = 1 }) { engine in
            Sim.answer(engine, Sim.request())
        }
        #expect(lines.count == 1)
        #expect((lines[0]["status"] as? NSNumber)?.intValue == 200)
        #expect(Self.applied(lines[0]) == false)
        #expect(lines[0]["createdId"] == nil && lines[0]["code"] == nil)
    }

    @Test("every kind of line carries applied: plain drops, 404s, token requests and refused reads are false")
    func everyLine() throws {
        let (lines, _) = try RequestLogTests.logged({
            $0.oauthKey = "client-key"
            $0.oauthSecret = "client-secret"
            $0.expectedAuthorization = "Basic ok"
            $0.readsRefused = .forbidden
        }) { engine in
            Sim.answer(engine, Sim.tokenRequest())
            Sim.answer(engine, Sim.request(path: "/nope"))
            Sim.answer(engine, Sim.request())
            Sim.answer(engine, SimulatorReadBackTests.lookup(headers: [("Authorization", "Basic ok")]))
            Sim.answer(engine, Sim.request(headers: Sim.jsonHeaders + [("Authorization", "Basic ok")]))
        }
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 404, 401, 403, 200])
        #expect(lines.map(Self.applied) == [false, false, false, false, true])
        let dropped = try RequestLogTests.logged({ $0.dropRate = 1 }) { Sim.answer($0, Sim.request()) }.lines
        #expect(dropped.map(Self.applied) == [false])
    }

    @Test("with every fault mixed in, the applied lines per customer equal the engine's history counts")
    func countsFromLog() throws {
        var counts: [String: Int] = [:]
        let (lines, _) = try RequestLogTests.logged({
            $0.seed = 21
            $0.failureRate = 0.15
            $0.dropRate = 0.15
            $0.applyThenDropRate = 0.15
            $0.applyThenLateRate = 0.15
            $0.html200Rate = 0.15
        }) { engine in
            for attempt in 0..<3 {
                for index in 0..<100 { Sim.answer(engine, Sim.request(value: "9177\(10_000 + index)7"), now: 1000 + Double(attempt)) }
            }
            counts = engine.historyCounts()
        }
        #expect(lines.count == 300)
        var fromLog: [String: Int] = [:]
        for line in lines where Self.applied(line) == true {
            fromLog["mobile:" + (line["identifierValue"] as? String ?? ""), default: 0] += 1
        }
        #expect(fromLog == counts)
        #expect(lines.contains { Self.applied($0) == true && $0["dropped"] as? Bool == true })
        #expect(lines.contains { Self.applied($0) == false && ($0["status"] as? NSNumber)?.intValue == 200 })
    }
}
