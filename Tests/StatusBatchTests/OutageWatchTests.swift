import Testing
@testable import StatusBatch

/// OutageWatch: when the API looks down, the probe schedule, and the outage's recorded span.
@Suite("OutageWatch")
struct OutageWatchTests {
    /// Reports `count` transient failures 0.125 s apart from `start`; returns what each call said.
    @discardableResult
    static func fail(_ watch: inout OutageWatch, count: Int, from start: Double) -> [Bool] {
        (0..<count).map { watch.transientFailure(now: start + Double($0) * 0.125) }
    }

    @Test("20 failures in a row start an outage: since, first probe 2 s later; more failures do not move it")
    func detection() {
        var watch = OutageWatch()
        #expect(Self.fail(&watch, count: 19, from: 100).allSatisfy { !$0 })
        #expect(!watch.isActive)
        #expect(watch.transientFailure(now: 110) == true)
        #expect(watch.since == 110)
        #expect(watch.nextProbeAt == 112)
        #expect(watch.transientFailure(now: 111) == true)
        #expect(watch.since == 110 && watch.nextProbeAt == 112)
    }

    @Test("19 failures, one answer, 19 failures: no outage")
    func interruptedRun() {
        var watch = OutageWatch()
        Self.fail(&watch, count: 19, from: 100)
        #expect(watch.answered(now: 102) == nil)
        #expect(Self.fail(&watch, count: 19, from: 103).allSatisfy { !$0 })
        #expect(!watch.isActive)
    }

    @Test("each probe doubles the wait before the next, up to 30 s")
    func probeBackoff() {
        var watch = OutageWatch()
        Self.fail(&watch, count: 20, from: 0)
        let since = watch.since
        var delays: [Double] = []
        for _ in 0..<8 {
            let now = watch.nextProbeAt
            watch.probeSent(now: now)
            delays.append(watch.nextProbeAt - now)
            #expect(watch.transientFailure(now: now + 0.1) == true)
        }
        #expect(delays == [2, 4, 8, 16, 30, 30, 30, 30])
        #expect(watch.since == since)
    }

    @Test("an answer ends the outage with one outage span from since to now")
    func answeredEndsOutage() {
        var watch = OutageWatch()
        Self.fail(&watch, count: 20, from: 200)
        let since = watch.since ?? -1
        #expect(watch.answered(now: 230) == PauseRecord(cause: .outage, startedAt: since, endedAt: 230))
        #expect(!watch.isActive)
        #expect(watch.answered(now: 231) == nil)
    }

    @Test("after an outage the detector starts over, and probing starts at 2 s again")
    func resetAfterOutage() {
        var watch = OutageWatch()
        Self.fail(&watch, count: 20, from: 0)
        for step in 0..<4 { watch.probeSent(now: 10 + Double(step) * 10) }
        _ = watch.answered(now: 100)
        #expect(Self.fail(&watch, count: 19, from: 101).allSatisfy { !$0 })
        #expect(watch.transientFailure(now: 110) == true)
        #expect(watch.nextProbeAt == 112)
        watch.probeSent(now: 112)
        #expect(watch.nextProbeAt == 114)
    }

    @Test("close records an outage still going on up to now and goes on counting from there")
    func close() {
        var watch = OutageWatch()
        #expect(watch.close(now: 5) == nil)
        Self.fail(&watch, count: 20, from: 300)
        let since = watch.since ?? -1
        #expect(watch.close(now: 310) == PauseRecord(cause: .outage, startedAt: since, endedAt: 310))
        #expect(watch.answered(now: 315) == PauseRecord(cause: .outage, startedAt: 310, endedAt: 315))
    }
}
