import Testing
@testable import StatusBatch

/// AdaptiveRate (pure AIMD with a remembered limit): halving on 429s with a cooldown, the floor, the quiet
/// period, the additive climb back to headroom × the refused rate, and the slow probe above it.
@Suite("AdaptiveRate")
struct AdaptiveRateTests {
    /// Calls `rate(now:)` every half second from `from` to `to` and returns the times and values where it changed.
    static func changes(_ rate: inout AdaptiveRate, from: Double, to: Double) -> [(time: Double, rate: Double)] {
        var result: [(time: Double, rate: Double)] = []
        var last = rate.current
        var now = from
        while now <= to {
            let value = rate.rate(now: now)
            if value != last { result.append((now, value)) }
            last = value
            now += 0.5
        }
        return result
    }

    static func close(_ actual: [Double], _ expected: [Double]) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { isClose($0, $1, tolerance: 1e-9) }
    }

    @Test("starts at the ceiling, with no decreases, and stays there without throttling")
    func startsAtCeiling() {
        var rate = AdaptiveRate(ceiling: 50)
        #expect(rate.current == 50)
        #expect(rate.decreases == 0)
        #expect(rate.rate(now: 0) == 50)
        #expect(rate.rate(now: 10_000) == 50)
        #expect(rate.current == 50)
    }

    @Test("the default floor is ceiling / 16; an explicit floor is kept")
    func defaultFloor() {
        #expect(AdaptiveRate(ceiling: 64).floor == 4)
        #expect(AdaptiveRate(ceiling: 10, floor: 3).floor == 3)
    }

    @Test("a 429 halves the rate, counts one decrease and remembers the refused rate")
    func throttleHalves() {
        var rate = AdaptiveRate(ceiling: 50)
        rate.throttled(now: 100)
        #expect(rate.current == 25)
        #expect(rate.rate(now: 100) == 25)
        #expect(rate.decreases == 1)
        #expect(rate.refusedRate == 50)
    }

    @Test("two 429s 0.2 s apart halve once; 1.5 s apart twice; exactly one cooldown apart twice")
    func cooldown() {
        var close = AdaptiveRate(ceiling: 50)
        close.throttled(now: 100)
        close.throttled(now: 100.2)
        #expect(close.current == 25)
        #expect(close.decreases == 1)

        var apart = AdaptiveRate(ceiling: 50)
        apart.throttled(now: 100)
        apart.throttled(now: 101.5)
        #expect(apart.current == 12.5)
        #expect(apart.decreases == 2)
        #expect(apart.refusedRate == 25)

        var boundary = AdaptiveRate(ceiling: 50)
        boundary.throttled(now: 100)
        boundary.throttled(now: 100.999)
        #expect(boundary.decreases == 1)
        boundary.throttled(now: 101)
        #expect(boundary.current == 12.5)
        #expect(boundary.decreases == 2)
    }

    @Test("a burst of 429s within the cooldown halves once however many there are")
    func burstOfThrottles() {
        var rate = AdaptiveRate(ceiling: 40)
        for step in 0..<10 { rate.throttled(now: 10 + Double(step) * 0.09) }
        #expect(rate.current == 20)
        #expect(rate.decreases == 1)
    }

    @Test("never below the floor, however many 429s")
    func floor() {
        var rate = AdaptiveRate(ceiling: 10, floor: 3)
        rate.throttled(now: 0)
        #expect(rate.current == 5)
        rate.throttled(now: 2)
        #expect(rate.current == 3)
        for second in 3...20 { rate.throttled(now: Double(second) * 2) }
        #expect(rate.current == 3)
        #expect(rate.rate(now: 41) == 3)

        var byDefault = AdaptiveRate(ceiling: 1)
        for second in 0..<30 { byDefault.throttled(now: Double(second) * 10) }
        #expect(byDefault.current == 1.0 / 16)
    }

    @Test("the rate stays flat until quietPeriod has passed since the last throttle, then rises one step")
    func quietPeriod() {
        var rate = AdaptiveRate(ceiling: 50)
        rate.throttled(now: 100)
        for now in stride(from: 100.0, to: 105, by: 0.25) {
            #expect(rate.rate(now: now) == 25, "at \(now)")
        }
        #expect(rate.rate(now: 104.999) == 25)
        #expect(rate.rate(now: 105) == 27.5)
    }

    @Test("a 429 inside the cooldown does not halve but restarts the quiet period")
    func throttleInCooldownRestartsQuiet() {
        var rate = AdaptiveRate(ceiling: 50)
        rate.throttled(now: 100)
        rate.throttled(now: 100.5)
        #expect(rate.current == 25)
        #expect(rate.rate(now: 105) == 25)
        #expect(rate.rate(now: 105.49) == 25)
        #expect(rate.rate(now: 105.5) == 27.5)
    }

    @Test("rises by stepFraction × ceiling at most once per stepInterval")
    func stepInterval() {
        var rate = AdaptiveRate(ceiling: 50)
        rate.throttled(now: 0)
        #expect(rate.rate(now: 5) == 27.5)
        #expect(rate.rate(now: 5) == 27.5)
        #expect(rate.rate(now: 6.999) == 27.5)
        #expect(rate.rate(now: 7) == 30)
        #expect(rate.rate(now: 8) == 30)
        // A long gap still gives only one step.
        #expect(rate.rate(now: 100) == 32.5)
    }

    @Test("climbs back only to headroom × the refused rate: the last step is clipped there")
    func climbStopsBelowRefusedRate() {
        var rate = AdaptiveRate(ceiling: 10)
        rate.stepFraction = 0.3
        rate.throttled(now: 0)
        #expect(rate.current == 5)
        #expect(rate.rate(now: 5) == 8)
        #expect(rate.rate(now: 7) == 9)
        #expect(rate.rate(now: 9) == 9)
        #expect(rate.rate(now: 299) == 9)
    }

    @Test("a throttle in the middle of the climb halves the current rate and lowers the remembered limit")
    func throttleDuringClimb() {
        var rate = AdaptiveRate(ceiling: 50)
        rate.throttled(now: 0)
        #expect(rate.rate(now: 5) == 27.5)
        #expect(rate.rate(now: 7) == 30)
        rate.throttled(now: 8)
        #expect(rate.current == 15)
        #expect(rate.refusedRate == 30)
        #expect(rate.decreases == 2)
        #expect(rate.rate(now: 12.9) == 15)
        let climb = Self.changes(&rate, from: 13, to: 60)
        #expect(climb.map(\.time) == [13, 15, 17, 19, 21])
        #expect(Self.close(climb.map(\.rate), [17.5, 20, 22.5, 25, 27]), "\(climb.map(\.rate))")
    }

    @Test("a refused rate never rises through a throttle: min of the refused rates is kept")
    func refusedRateIsMinimum() {
        var rate = AdaptiveRate(ceiling: 50)
        rate.throttled(now: 0)
        rate.throttled(now: 2)
        #expect(rate.refusedRate == 25)
        #expect(rate.current == 12.5)
    }

    @Test("full AIMD cycle: 50/s → 429 → 25/s → +2.5/s every 2 s after 5 s quiet → 45/s; probes reach 50/s")
    func fullCycle() {
        var rate = AdaptiveRate(ceiling: 50)
        #expect(rate.rate(now: 0) == 50)
        rate.throttled(now: 0)
        #expect(rate.rate(now: 0) == 25)
        let climb = Self.changes(&rate, from: 0.5, to: 299.5)
        #expect(climb.map(\.time) == [5, 7, 9, 11, 13, 15, 17, 19])
        #expect(climb.map(\.rate) == [27.5, 30, 32.5, 35, 37.5, 40, 42.5, 45])
        // 300 s without a 429: the remembered limit rises 10 %, and the rate follows.
        let probe = Self.changes(&rate, from: 300, to: 599.5)
        #expect(probe.map(\.time) == [300, 302])
        #expect(Self.close(probe.map(\.rate), [47.5, 49.5]), "\(probe.map(\.rate))")
        #expect(isClose(rate.refusedRate, 55, tolerance: 1e-9))
        let last = Self.changes(&rate, from: 600, to: 1_500)
        #expect(last.map(\.time) == [600])
        #expect(last.map(\.rate) == [50])
        #expect(rate.current == 50)
        #expect(rate.decreases == 1)
    }

    @Test("never above the ceiling, however long it stays quiet")
    func neverAboveCeiling() {
        var rate = AdaptiveRate(ceiling: 20)
        rate.stepFraction = 0.5
        rate.throttled(now: 0)
        var highest = 0.0
        var now = 0.0
        while now < 5_000 {
            highest = max(highest, rate.rate(now: now))
            now += 1
        }
        #expect(highest == 20)
        #expect(rate.current == 20)
    }
}
