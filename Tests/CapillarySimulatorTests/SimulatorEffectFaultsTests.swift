import Foundation
import Testing
@testable import CapillarySimulator

/// The effect faults at the point where a status update would succeed: apply-then-drop, apply-then-late
/// (both recorded in the history) and html200 (not recorded); their rates, seeding and precedence.
@Suite("SimulatorEngine: effect faults")
struct SimulatorEffectFaultsTests {
    /// 1,000 distinct customers whose values trigger no suffix rule (they all end in 7).
    static let customers = (0..<1000).map { "9188\(100_000 + $0)7" }

    /// Sends each of `customers` once to a fresh engine seeded with `seed`; answers value -> reply and the engine.
    static func run(seed: UInt64 = 1, _ configure: (inout SimulatorOptions) -> Void)
        throws -> (replies: [String: SimulatedReply], engine: SimulatorEngine) {
        let engine = try Sim.engine { $0.seed = seed; configure(&$0) }
        var replies: [String: SimulatedReply] = [:]
        for value in customers { replies[value] = Sim.answer(engine, Sim.request(value: value)) }
        return (replies, engine)
    }

    /// The customer's statusLog as read back through lookup and statusLog.
    static func statusLog(_ engine: SimulatorEngine, value: String = "919800000001") throws -> [[String: Any]] {
        let id = try #require(SimulatorReadBackTests.id(engine, value: value))
        return try #require(SimulatorReadBackTests.log(engine, id: id))
    }

    @Test("applyThenDropRate 1: the update is applied (history, createdId), then the answer is dropped")
    func applyThenDrop() throws {
        let engine = try Sim.engine { $0.applyThenDropRate = 1; $0.latencyMs = 40 }
        let reply = engine.handle(Sim.request(), now: 1000)
        #expect(reply.drop && reply.applied)
        #expect(reply.delay == 0.04)
        #expect(reply.busyCustomer == "mobile:919800000001")
        #expect(reply.createdId == 566_881_001)
        #expect(engine.historyCounts() == ["mobile:919800000001": 1])
        // Busy until the connection is closed, as for an answered success.
        #expect(Sim.answer(engine, Sim.request(), now: 1000).status == 521)
        engine.finished(reply)
        let again = Sim.answer(engine, Sim.request(), now: 1001)
        #expect(again.drop && again.applied && again.createdId == 566_881_002)
        let log = try Self.statusLog(engine)
        #expect(log.map { ($0["createdId"] as? NSNumber)?.intValue } == [566_881_002, 566_881_001])
    }

    @Test("applyThenLateRate 1: the update is applied and the 200 is held for lateAnswerSeconds",
          arguments: [nil, 2.5] as [Double?])
    func applyThenLate(seconds: Double?) throws {
        let engine = try Sim.engine {
            $0.applyThenLateRate = 1
            $0.latencyMs = 40
            if let seconds { $0.lateAnswerSeconds = seconds }
        }
        let reply = engine.handle(Sim.request(), now: 1000)
        #expect(reply.status == 200 && !reply.drop && reply.applied)
        #expect(reply.delay == (seconds ?? 30))
        #expect(reply.createdId == 566_881_001)
        #expect(reply.busyCustomer == "mobile:919800000001")
        #expect(engine.historyCounts() == ["mobile:919800000001": 1])
        #expect(Sim.answer(engine, Sim.request(), now: 1001).status == 521)
        engine.finished(reply)
        #expect(try Self.statusLog(engine).count == 1)
    }

    @Test("html200Rate 1: 200 text/html maintenance page, nothing applied, no createdId consumed, not busy")
    func html200() throws {
        let engine = try Sim.engine { $0.html200Rate = 1; $0.latencyMs = 40 }
        let reply = engine.handle(Sim.request(), now: 1000)
        #expect(reply.status == 200 && reply.contentType == "text/html")
        #expect(reply.body.hasPrefix("<!DOCTYPE html><html><head><title>Service maintenance</title></head><body>"))
        #expect(reply.body.hasSuffix("</body></html>"))
        #expect(reply.json == nil)
        #expect(!reply.applied && !reply.drop && reply.busyCustomer == nil)
        #expect(reply.delay == 0.04)
        #expect(engine.historyCounts().isEmpty)
        #expect(try Self.statusLog(engine).isEmpty)
        // Not busy: the next attempt of the same customer is not refused with 521.
        #expect(engine.handle(Sim.request(), now: 1000).contentType == "text/html")
        let normal = try Sim.engine { $0.html200Rate = 0 }
        #expect(Sim.answer(normal, Sim.request()).createdId == 566_881_001)
    }

    @Test("with every rate 1, apply-then-drop wins over apply-then-late, which wins over html200")
    func precedence() throws {
        let all = try Sim.engine { $0.applyThenDropRate = 1; $0.applyThenLateRate = 1; $0.html200Rate = 1 }
        #expect(Sim.answer(all, Sim.request()).drop)
        let lateAndHTML = try Sim.engine { $0.applyThenLateRate = 1; $0.html200Rate = 1 }
        let late = Sim.answer(lateAndHTML, Sim.request())
        #expect(late.delay == 30 && late.applied && late.contentType == "application/json")
    }

    @Test("effect faults only replace a success: earlier refusals are answered as before and apply nothing")
    func onlyAtSuccess() throws {
        let engine = try Sim.engine { $0.applyThenDropRate = 1 }
        let held = engine.handle(Sim.request(), now: 1000)
        #expect(held.drop && held.applied)
        let refused = [
            Sim.answer(engine, Sim.request(), now: 1000),
            Sim.answer(engine, Sim.request(value: "919800008015"), now: 1000),
            Sim.answer(engine, Sim.request(value: "919800000503"), now: 1000),
        ]
        #expect(refused.map(\.status) == [521, 400, 503])
        #expect(refused.allSatisfy { !$0.applied && !$0.drop })
        let html = try Sim.engine { $0.html200Rate = 1 }
        for value in ["919800008015", "919800000503", "919800000500", "919800000429", "919800000461"] {
            let reply = Sim.answer(html, Sim.request(value: value))
            #expect(reply.contentType == "application/json" && reply.status != 200, "\(value)")
        }
        #expect(Sim.answer(html, Sim.request(body: #"{"reason":"r","label":"Nope"}"#)).errorCode == 8086)
        #expect(engine.historyCounts() == ["mobile:919800000001": 1])
        #expect(html.historyCounts().isEmpty)
    }

    /// What reached the client instead of a plain success: "drop", "late", "html" or "ok" (or the status).
    static func kind(_ reply: SimulatedReply?) -> String {
        guard let reply else { return "missing" }
        if reply.drop { return "drop" }
        if reply.contentType == "text/html" { return "html" }
        if reply.delay > 0 { return "late" }
        return reply.status == 200 ? "ok" : String(reply.status)
    }

    @Test("rate 0.3 over 1,000 customers hits roughly 30 %, reproducibly", arguments: ["drop", "late", "html"])
    func fraction(kind: String) throws {
        let configure: (inout SimulatorOptions) -> Void = {
            switch kind {
            case "drop": $0.applyThenDropRate = 0.3
            case "late": $0.applyThenLateRate = 0.3
            default: $0.html200Rate = 0.3
            }
        }
        let (replies, engine) = try Self.run(seed: 11, configure)
        let kinds = Self.customers.map { Self.kind(replies[$0]) }
        #expect(Set(kinds) == ["ok", kind])
        let fraction = Double(kinds.filter { $0 == kind }.count) / Double(kinds.count)
        #expect(fraction >= 0.25 && fraction <= 0.35, "fraction \(fraction)")
        let again = try Self.run(seed: 11, configure).replies
        #expect(kinds == Self.customers.map { Self.kind(again[$0]) })
        let other = try Self.run(seed: 12, configure).replies
        #expect(kinds != Self.customers.map { Self.kind(other[$0]) })
        let applied = Self.customers.filter { replies[$0]?.applied == true }
        #expect(engine.historyCounts().count == applied.count)
        #expect(applied.count == (kind == "html" ? kinds.filter { $0 == "ok" }.count : 1000))
    }

    @Test("the new faults are drawn after the existing ones: 503s and drops stay where they were")
    func existingDrawsUnchanged() throws {
        let old = try Self.run(seed: 7) { $0.failureRate = 0.2; $0.dropRate = 0.2 }.replies
        let new = try Self.run(seed: 7) {
            $0.failureRate = 0.2
            $0.dropRate = 0.2
            $0.applyThenDropRate = 0.2
            $0.applyThenLateRate = 0.2
            $0.html200Rate = 0.2
        }.replies
        var changed = 0
        for value in Self.customers {
            let before = try #require(old[value])
            let after = try #require(new[value])
            if before.status == 503 || before.drop {
                #expect(after.status == before.status && after.drop == before.drop && !after.applied, "\(value)")
            } else {
                #expect(before.status == 200 && after.status == 200, "\(value)")
                if Self.kind(after) != "ok" { changed += 1 }
            }
        }
        #expect(changed > 100)
    }

    @Test("retries of one customer get fresh draws")
    func retriesRedraw() throws {
        let engine = try Sim.engine { $0.seed = 3; $0.html200Rate = 0.5 }
        let kinds = (0..<40).map { _ in Sim.answer(engine, Sim.request()).contentType }
        #expect(Set(kinds) == ["text/html", "application/json"])
        #expect(engine.historyCounts()["mobile:919800000001"] == kinds.filter { $0 == "application/json" }.count)
    }
}
