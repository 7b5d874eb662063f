import Testing
@testable import StatusBatch

/// AdaptiveRate tells random 429s (noise) from a limit by whether halving the rate lowers their share.
@Suite("AdaptiveRate: noise")
struct AdaptiveRateNoiseTests {
    /// Feeds `count` answers at `rate` per second from `start`, every `every`-th a 429; returns the end time.
    @discardableResult
    static func feed(_ rate: inout AdaptiveRate, from start: Double, count: Int, every: Int, perSecond: Double) -> Double {
        var now = start
        for index in 1...count {
            if index % every == 0 { rate.throttled(now: now) } else { rate.answered(now: now) }
            now += 1 / perSecond
        }
        return now
    }

    @Test("a lone 429 among good answers does not halve the rate")
    func loneThrottle() {
        var rate = AdaptiveRate(ceiling: 50)
        Self.feed(&rate, from: 0, count: 10, every: 100, perSecond: 50)
        rate.throttled(now: 0.3)
        #expect(rate.current == 50)
        #expect(rate.decreases == 0)
    }

    @Test("three 429s in a clump, or nothing but 429s, halve it")
    func clumpOrOnlyThrottles() {
        var clump = AdaptiveRate(ceiling: 50)
        Self.feed(&clump, from: 0, count: 5, every: 100, perSecond: 50)
        for t in [0.2, 0.21, 0.22] { clump.throttled(now: t) }
        #expect(clump.current == 25)
        var only = AdaptiveRate(ceiling: 50)
        only.throttled(now: 0)
        #expect(only.current == 25)
    }

    @Test("5 % random 429s: the first halving is undone and the rate stays at the ceiling")
    func randomThrottlesAreNoise() {
        var rate = AdaptiveRate(ceiling: 50)
        var now = Self.feed(&rate, from: 0, count: 40, every: 20, perSecond: 50)
        #expect(rate.current == 25, "one measured decrease at 5 %")
        now = Self.feed(&rate, from: now + 1, count: 40, every: 20, perSecond: 25)
        #expect(rate.current == 50, "halving did not lower the share: undone")
        #expect(rate.noiseShare >= 0.05)
        Self.feed(&rate, from: now + 1, count: 400, every: 20, perSecond: 50)
        #expect(rate.current == 50)
        #expect(rate.decreases == 1)
    }

    @Test("a real limit: the share falls after halving, so the decrease stands")
    func limitShareFalls() {
        var rate = AdaptiveRate(ceiling: 50)
        var now = Self.feed(&rate, from: 0, count: 40, every: 2, perSecond: 50)
        #expect(rate.current == 25)
        now = Self.feed(&rate, from: now + 1, count: 40, every: 10, perSecond: 25)
        #expect(rate.current == 12.5, "10 % is below 0.5 × 50 %: halved again")
        #expect(rate.noiseShare == 0)
    }
}
