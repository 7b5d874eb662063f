import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorEngine: outage windows counted from `origin`, and the nginx-style `limitRate` limit, for explicit `now`.
@Suite("SimulatorEngine: outages and limitRate")
struct SimulatorEngineOutageTests {
    static func outageEngine() throws -> SimulatorEngine {
        try Sim.engine {
            $0.origin = 1000
            $0.outages = [(start: 10, duration: 5)]
        }
    }

    @Test("origin 1000, outage (10, 5): 503 at 1012, 200 at 1016")
    func outageWindow() throws {
        let engine = try Self.outageEngine()
        let during = Sim.answer(engine, Sim.request(value: "919800000001"), now: 1012)
        #expect(during.status == 503)
        #expect(hasCapillaryErrorShape(during, code: 503), "\(during.body)")
        #expect(during.busyCustomer == nil)
        let after = Sim.answer(engine, Sim.request(value: "919800000001"), now: 1016)
        #expect(after.status == 200)
        #expect(after.createdId != nil)
    }

    @Test("the window is [start, start + duration): 1009.999 and 1015 pass, 1010 and 1014.999 fail")
    func outageBounds() throws {
        let engine = try Self.outageEngine()
        let statuses = [1009.999, 1010, 1014.999, 1015].enumerated().map { index, now in
            Sim.answer(engine, Sim.request(value: "91980000\(index)1"), now: now).status
        }
        #expect(statuses == [200, 503, 503, 200])
    }

    @Test("requests refused by an outage leave no history and do not count against the rate limits")
    func outageLeavesNoTrace() throws {
        let engine = try Sim.engine {
            $0.origin = 1000
            $0.outages = [(start: 10, duration: 5)]
            $0.perSecondLimit = 1
        }
        for index in 0..<5 {
            #expect(Sim.answer(engine, Sim.request(value: "91980000\(index)1"), now: 1014.5).status == 503)
        }
        #expect(engine.historyCounts().isEmpty)
        #expect(Sim.answer(engine, Sim.request(value: "919800000991"), now: 1015).status == 200)
        #expect(engine.historyCounts() == ["mobile:919800000991": 1])
    }

    @Test("several windows: each one answers 503, the time between answers normally")
    func severalWindows() throws {
        let engine = try Sim.engine {
            $0.origin = 500
            $0.outages = [(start: 0, duration: 1), (start: 60, duration: 30)]
        }
        let statuses = [500.5, 501, 559, 560, 589.9, 590].enumerated().map { index, now in
            Sim.answer(engine, Sim.request(value: "91980000\(index)1"), now: now).status
        }
        #expect(statuses == [503, 200, 200, 503, 503, 200])
    }

    @Test("limitRate exceeded: 429 with Capillary's error shape and Retry-After of at least 1 s")
    func limitRate429() throws {
        let engine = try Sim.engine {
            $0.limitRate = 50
            $0.limitBurst = 2
        }
        let replies = (0..<10).map { Sim.answer(engine, Sim.request(value: "91980000\($0)1"), now: 1000) }
        let limited = try #require(replies.first { $0.status == 429 })
        #expect(hasCapillaryErrorShape(limited, code: 429), "\(limited.body)")
        let retryAfter = try #require(limited.header("Retry-After").flatMap { Int($0) })
        #expect(retryAfter >= 1)
        #expect(replies.filter { $0.status == 200 }.count >= 2)
        #expect(replies.filter { $0.status == 429 }.count >= 7)
        #expect(engine.historyCounts().count == replies.filter { $0.status == 200 }.count)
    }

    @Test("limitRate with retryAfterOn429 = false: 429 without Retry-After")
    func limitRateWithoutRetryAfter() throws {
        let engine = try Sim.engine {
            $0.limitRate = 50
            $0.limitBurst = 1
            $0.retryAfterOn429 = false
        }
        let replies = (0..<5).map { Sim.answer(engine, Sim.request(value: "91980000\($0)1"), now: 1000) }
        let limited = try #require(replies.first { $0.status == 429 })
        #expect(limited.header("Retry-After") == nil)
    }

    @Test("limitRate 50: steady requests 20 ms apart are never refused (burst 1)")
    func limitRateSteady() throws {
        let engine = try Sim.engine {
            $0.limitRate = 50
            $0.limitBurst = 1
        }
        let statuses = (0..<100).map { index in
            Sim.answer(engine, Sim.request(value: "9198\(String(format: "%05d", index))7"),
                       now: (1_000_000 + Double(index * 20) + 0.25) / 1000).status
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.enumerated().filter { $0.element != 200 }.map(\.offset))")
    }

    @Test("limitRate 50 with the default burst 0 admits a request")
    func limitRateDefaultBurst() throws {
        let engine = try Sim.engine { $0.limitRate = 50 }
        #expect(Sim.answer(engine, Sim.request(value: "919800000001"), now: 1000).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "919800000011"), now: 1000.5).status == 200)
    }

    @Test("limitRate 50, burst 2: three requests at the same instant are admitted, like nginx")
    func limitRateBurstCount() throws {
        let engine = try Sim.engine {
            $0.limitRate = 50
            $0.limitBurst = 2
        }
        let statuses = (0..<4).map { Sim.answer(engine, Sim.request(value: "91980000\($0)1"), now: 1000).status }
        #expect(statuses == [200, 200, 200, 429])
    }
}
