import Testing
@testable import StatusBatch

/// PacingController during an outage: detection, probe spacing, the end of the outage and its pause record.
@Suite("PacingController: outages")
struct PacingControllerOutageTests {
    static func controller() throws -> PacingController {
        PacingController(settings: SendingSettings(rate: try SendRate(parsing: "10/s")))
    }

    /// Reports `count` transient failures 0.125 s apart from `start`; returns what each call said.
    @discardableResult
    static func fail(_ pacing: PacingController, count: Int, from start: Double) -> [Bool] {
        (0..<count).map { pacing.transientFailure(retryAfter: nil, now: start + Double($0) * 0.125) }
    }

    @Test("transientFailure returns true once 20 in a row trip the detector; outage gives since and since + 2")
    func detection() throws {
        let pacing = try Self.controller()
        let results = Self.fail(pacing, count: 19, from: 100)
        #expect(results.allSatisfy { !$0 })
        #expect(pacing.outage == nil)
        #expect(pacing.transientFailure(retryAfter: nil, now: 110))
        let outage = try #require(pacing.outage)
        #expect(outage.since == 110)
        #expect(outage.nextProbeAt == 112)
        // Further failures during the outage keep saying so and do not move `since`.
        #expect(pacing.transientFailure(retryAfter: nil, now: 111))
        #expect(pacing.outage?.since == 110)
        #expect(pacing.outage?.nextProbeAt == 112)
    }

    @Test("19 failures, one success, 19 failures: no outage")
    func interruptedRun() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 19, from: 100)
        pacing.answered(now: 102)
        #expect(Self.fail(pacing, count: 19, from: 103).allSatisfy { !$0 })
        #expect(pacing.outage == nil)
    }

    @Test("probeSent doubles the delay before the next probe, up to 30 s")
    func probeBackoff() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 20, from: 0)
        let since = try #require(pacing.outage).since
        var now = since
        var delays: [Double] = []
        for _ in 0..<8 {
            now = try #require(pacing.outage).nextProbeAt
            pacing.probeSent(now: now)
            delays.append(try #require(pacing.outage).nextProbeAt - now)
            #expect(pacing.transientFailure(retryAfter: nil, now: now + 0.1))
        }
        #expect(delays == [2, 4, 8, 16, 30, 30, 30, 30])
        #expect(pacing.outage?.since == since)
    }

    @Test("answered ends the outage and records an outage pause from since to now")
    func answeredEndsOutage() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 20, from: 200)
        let since = try #require(pacing.outage).since
        #expect(pacing.takePauses(now: 205).isEmpty, "an ongoing outage is not recorded without closing")
        pacing.answered(now: 230)
        #expect(pacing.outage == nil)
        #expect(pacing.takePauses(now: 230) == [PauseRecord(cause: "outage", startedAt: since, endedAt: 230)])
        #expect(pacing.takePauses(now: 231).isEmpty)
    }

    @Test("after an outage the detector starts over: 19 new failures are not an outage, the 20th is")
    func detectorResetAfterOutage() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 20, from: 0)
        pacing.answered(now: 10)
        #expect(Self.fail(pacing, count: 19, from: 11).allSatisfy { !$0 })
        #expect(pacing.transientFailure(retryAfter: nil, now: 20))
        #expect(pacing.outage?.since == 20)
        #expect(pacing.outage?.nextProbeAt == 22)
    }

    @Test("a new outage starts probing at 2 s again, not where the last one stopped")
    func probeDelayRestarts() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 20, from: 0)
        for step in 0..<4 { pacing.probeSent(now: 10 + Double(step) * 10) }
        pacing.answered(now: 100)
        Self.fail(pacing, count: 20, from: 200)
        let outage = try #require(pacing.outage)
        pacing.probeSent(now: outage.nextProbeAt)
        #expect(pacing.outage?.nextProbeAt == outage.nextProbeAt + 2)
    }

    @Test("takePauses(closing: true) closes an ongoing outage at now and goes on counting from there")
    func closingTake() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 20, from: 300)
        let since = try #require(pacing.outage).since
        #expect(pacing.takePauses(now: 310, closing: true) == [PauseRecord(cause: "outage", startedAt: since, endedAt: 310)])
        #expect(pacing.outage != nil)
        pacing.answered(now: 315)
        let rest = pacing.takePauses(now: 315)
        #expect(rest == [PauseRecord(cause: "outage", startedAt: 310, endedAt: 315)])
    }

    @Test("takePauses(closing: true) without an outage only returns the pauses recorded")
    func closingWithoutOutage() throws {
        let pacing = try Self.controller()
        #expect(pacing.takePauses(now: 10, closing: true).isEmpty)
        pacing.throttled(status: 429, retryAfter: 1, now: 10, unitRandom: 0)
        #expect(pacing.takePauses(now: 10.5, closing: true) == [PauseRecord(cause: "retry_after", startedAt: 10, endedAt: 11)])
    }

    @Test("a 503 with Retry-After during an outage still pauses the pool")
    func retryAfterDuringOutage() throws {
        let pacing = try Self.controller()
        Self.fail(pacing, count: 20, from: 0)
        #expect(pacing.transientFailure(retryAfter: 7, now: 5))
        #expect(pacing.pauseUntil == 12)
        #expect(pacing.takePauses(now: 5) == [PauseRecord(cause: "retry_after", startedAt: 5, endedAt: 12)])
    }
}
