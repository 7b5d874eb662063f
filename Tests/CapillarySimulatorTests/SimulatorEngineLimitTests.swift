import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorEngine: per-second and per-minute rate limits (429, Retry-After) for explicit `now` values.
@Suite("SimulatorEngine: rate limits")
struct SimulatorEngineLimitTests {
    /// Sends one request per `now`, each for another customer (values end in 7, so no fault suffix), and
    /// returns the replies.
    static func send(_ engine: SimulatorEngine, at times: [Double], firstCustomer: Int = 1) -> [SimulatedReply] {
        times.enumerated().map { index, now in
            Sim.answer(engine, Sim.request(value: "9198\(firstCustomer + index)7"), now: now)
        }
    }

    @Test("perSecondLimit 5: the 6th request within a second gets 429 with Retry-After; the next second admits")
    func perSecond() throws {
        let engine = try Sim.engine { $0.perSecondLimit = 5 }
        let first = Self.send(engine, at: [1000.0, 1000.1, 1000.2, 1000.3, 1000.4])
        #expect(first.map(\.status) == [200, 200, 200, 200, 200])
        let limited = Self.send(engine, at: [1000.5], firstCustomer: 10)[0]
        #expect(limited.status == 429)
        #expect(hasCapillaryErrorShape(limited, code: 429), "\(limited.body)")
        let retryAfter = try #require(limited.header("Retry-After").flatMap { Int($0) })
        #expect(retryAfter >= 1)
        #expect(retryAfter == 1)
        #expect(limited.busyCustomer == nil)
        #expect(limited.delay == 0)
        // 1000.0 has left the window at 1001.05; 1000.1 to 1000.4 have not.
        let next = Self.send(engine, at: [1001.05, 1001.06], firstCustomer: 20)
        #expect(next.map(\.status) == [200, 429])
    }

    @Test("a limited request leaves no trace: no history, no createdId, and its customer is not busy")
    func limitedLeavesNoTrace() throws {
        let engine = try Sim.engine { $0.perSecondLimit = 1 }
        let admitted = engine.handle(Sim.request(value: "919800000001"), now: 1000)
        #expect(admitted.status == 200)
        engine.finished(admitted)
        #expect(engine.handle(Sim.request(value: "919800000002"), now: 1000.5).status == 429)
        #expect(engine.historyCounts() == ["mobile:919800000001": 1])
        let later = engine.handle(Sim.request(value: "919800000002"), now: 1001)
        #expect(later.status == 200)
        #expect(later.createdId == admitted.createdId.map { $0 + 1 })
    }

    @Test("Retry-After rounds the wait up to whole seconds and is at least 1")
    func retryAfterRounding() throws {
        let engine = try Sim.engine { $0.perMinuteLimit = 1 }
        #expect(Self.send(engine, at: [0]).map(\.status) == [200])
        let cases: [(Double, String)] = [(0.5, "60"), (30, "30"), (30.2, "30"), (59.5, "1"), (59.9999, "1")]
        for (now, expected) in cases {
            let reply = Self.send(engine, at: [now], firstCustomer: 50)[0]
            #expect(reply.status == 429)
            #expect(reply.header("Retry-After") == expected, "at \(now)")
        }
    }

    @Test("retryAfterOn429 = false: rate-limited answers carry no Retry-After")
    func noRetryAfter() throws {
        let engine = try Sim.engine { $0.perSecondLimit = 1; $0.retryAfterOn429 = false }
        #expect(Self.send(engine, at: [1000]).map(\.status) == [200])
        let limited = Self.send(engine, at: [1000.5], firstCustomer: 2)[0]
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == nil)
        #expect(limited.headers.isEmpty)
    }

    @Test("retryAfterOn429 = false does not affect the 0429 value suffix, which always says Retry-After 1")
    func suffixStillHasRetryAfter() throws {
        let engine = try Sim.engine { $0.retryAfterOn429 = false }
        #expect(Sim.answer(engine, Sim.request(value: "919800000429")).header("Retry-After") == "1")
    }

    @Test("fixedWindowLimit: a quota per fixed window from the origin, Retry-After to the boundary, reset there")
    func fixedWindow() throws {
        let engine = try Sim.engine { $0.fixedWindowLimit = 2; $0.fixedWindowSeconds = 10; $0.origin = 0 }
        #expect(Self.send(engine, at: [1, 2]).map(\.status) == [200, 200])
        let refused = Self.send(engine, at: [3.5], firstCustomer: 10)[0]
        #expect(refused.status == 429 && refused.header("Retry-After") == "7")
        #expect(Self.send(engine, at: [10, 10.1, 10.2], firstCustomer: 20).map(\.status) == [200, 200, 429])
        #expect(Self.send(engine, at: [25], firstCustomer: 30).map(\.quotaWindow) == [2])
    }

    @Test("perMinuteLimit works over a rolling 60 s window")
    func perMinute() throws {
        let engine = try Sim.engine { $0.perMinuteLimit = 3 }
        #expect(Self.send(engine, at: [0, 10, 20]).map(\.status) == [200, 200, 200])
        let at30 = Self.send(engine, at: [30], firstCustomer: 10)[0]
        #expect(at30.status == 429)
        #expect(at30.header("Retry-After") == "30")
        #expect(Self.send(engine, at: [59.9], firstCustomer: 11)[0].status == 429)
        // 0 has left the window at 60, 10 leaves at 70, 20 at 80.
        #expect(Self.send(engine, at: [60], firstCustomer: 12)[0].status == 200)
        let at61 = Self.send(engine, at: [61], firstCustomer: 13)[0]
        #expect(at61.status == 429)
        #expect(at61.header("Retry-After") == "9")
        #expect(Self.send(engine, at: [70, 80, 81], firstCustomer: 14).map(\.status) == [200, 200, 429])
    }

    @Test("no limits by default")
    func unlimitedByDefault() throws {
        let engine = try Sim.engine()
        let replies = Self.send(engine, at: Array(repeating: 1000, count: 500))
        #expect(replies.allSatisfy { $0.status == 200 })
    }

    @Test("requests refused before the limit check (404, 405, 401) do not use the budget")
    func earlyRefusalsAreFree() throws {
        let engine = try Sim.engine { $0.perSecondLimit = 1; $0.expectedAuthorization = "Basic ok" }
        Sim.answer(engine, Sim.request(path: "/x"), now: 1000)
        Sim.answer(engine, Sim.request(method: "GET"), now: 1000)
        #expect(Sim.answer(engine, Sim.request(), now: 1000).status == 401)
        let auth = Sim.jsonHeaders + [("Authorization", "Basic ok")]
        #expect(Sim.answer(engine, Sim.request(headers: auth), now: 1000).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "919800000002", headers: auth), now: 1000).status == 429)
    }

    @Test("invalid requests that pass the limit check use the budget")
    func invalidRequestsCount() throws {
        let engine = try Sim.engine { $0.perSecondLimit = 2 }
        #expect(Sim.answer(engine, Sim.request(source: "NOPE"), now: 1000).errorCode == 8003)
        #expect(Sim.answer(engine, Sim.request(value: "919800008015"), now: 1000).errorCode == 8015)
        #expect(Sim.answer(engine, Sim.request(), now: 1000).status == 429)
    }

    @Test("with both limits, Retry-After is the wait until a request would really be admitted")
    func bothLimitsRetryAfter() throws {
        let engine = try Sim.engine { $0.perSecondLimit = 1; $0.perMinuteLimit = 2 }
        #expect(Self.send(engine, at: [0, 1]).map(\.status) == [200, 200])
        let atTwo = Self.send(engine, at: [2], firstCustomer: 10)[0]
        #expect(atTwo.status == 429)
        #expect(atTwo.header("Retry-After") == "58")
        let reply = Self.send(engine, at: [2.5], firstCustomer: 11)[0]
        #expect(reply.status == 429)
        // Nothing is admitted before t = 60, so a client honouring Retry-After should not be told 1 s.
        let retryAfter = try #require(reply.header("Retry-After").flatMap { Int($0) })
        #expect(retryAfter >= 57, "Retry-After \(retryAfter) at t=2.5 while the minute window frees at t=60")
    }
}
