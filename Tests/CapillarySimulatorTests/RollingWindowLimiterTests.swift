import Testing
@testable import CapillarySimulator

/// RollingWindowLimiter: at most `limit` events in any rolling window, and the wait until the next admission.
@Suite("RollingWindowLimiter")
struct RollingWindowLimiterTests {
    @Test("limit 0 admits everything")
    func unlimited() {
        var limiter = RollingWindowLimiter(limit: 0, window: 1)
        for _ in 0..<10_000 { #expect(limiter.admit(now: 5) == nil) }
    }

    @Test("admits `limit` events in a window, then answers the wait until the oldest leaves")
    func limitThenWait() throws {
        var limiter = RollingWindowLimiter(limit: 3, window: 1)
        #expect(limiter.admit(now: 10.0) == nil)
        #expect(limiter.admit(now: 10.2) == nil)
        #expect(limiter.admit(now: 10.4) == nil)
        let waitAnswer = limiter.admit(now: 10.5)
        let wait = try #require(waitAnswer)
        #expect(abs(wait - 0.5) < 1e-9)
        // A refused event is not recorded: the wait is still measured from the oldest admitted event.
        let laterAnswer = limiter.admit(now: 10.9)
        let later = try #require(laterAnswer)
        #expect(abs(later - 0.1) < 1e-9)
    }

    @Test("an event exactly one window after the oldest is admitted")
    func windowBoundary() {
        var limiter = RollingWindowLimiter(limit: 1, window: 1)
        #expect(limiter.admit(now: 100) == nil)
        #expect(limiter.admit(now: 100.999) != nil)
        #expect(limiter.admit(now: 101) == nil)
        #expect(limiter.admit(now: 101.5) != nil)
    }

    @Test("the window rolls: old events leave one by one")
    func rolling() {
        var limiter = RollingWindowLimiter(limit: 2, window: 1)
        #expect(limiter.admit(now: 0.0) == nil)
        #expect(limiter.admit(now: 0.6) == nil)
        #expect(limiter.admit(now: 0.9) != nil)
        #expect(limiter.admit(now: 1.0) == nil)   // 0.0 left
        #expect(limiter.admit(now: 1.2) != nil)   // 0.6 and 1.0 inside
        #expect(limiter.admit(now: 1.6) == nil)   // 0.6 left
    }

    @Test("the wait is never below 1 ms")
    func minimumWait() throws {
        var limiter = RollingWindowLimiter(limit: 1, window: 1)
        #expect(limiter.admit(now: 0) == nil)
        let waitAnswer = limiter.admit(now: 0.99999999)
        let wait = try #require(waitAnswer)
        #expect(wait >= 0.001)
    }

    @Test("a 60 s window counts a minute")
    func minuteWindow() throws {
        var limiter = RollingWindowLimiter(limit: 2, window: 60)
        #expect(limiter.admit(now: 0) == nil)
        #expect(limiter.admit(now: 30) == nil)
        let waitAnswer = limiter.admit(now: 59)
        let wait = try #require(waitAnswer)
        #expect(abs(wait - 1) < 1e-9)
        #expect(limiter.admit(now: 60) == nil)
        let nextAnswer = limiter.admit(now: 61)
        let next = try #require(nextAnswer)
        #expect(abs(next - 29) < 1e-9)
        #expect(limiter.admit(now: 90) == nil)
    }

    @Test("many events over a long time keep the limit (storage compaction does not lose events)")
    func compaction() {
        var limiter = RollingWindowLimiter(limit: 16, window: 1)
        var admittedPerSecond: [Int: Int] = [:]
        // 32 events per second for 625 seconds, 1/32 s apart (exact in binary): 16 admitted per second,
        // 10 000 in all, well past the 4096 events after which the limiter compacts its storage.
        for step in 0..<20_000 {
            let now = Double(step) / 32
            if limiter.admit(now: now) == nil { admittedPerSecond[step / 32, default: 0] += 1 }
        }
        #expect(admittedPerSecond.count == 625)
        #expect(admittedPerSecond.values.allSatisfy { $0 == 16 }, "\(admittedPerSecond.filter { $0.value != 16 })")
    }
}
