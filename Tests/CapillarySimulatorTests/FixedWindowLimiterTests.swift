import Testing
@testable import CapillarySimulator

/// FixedWindowLimiter: at most `limit` events per fixed window counted from an origin, and the wait until the
/// next boundary.
@Suite("FixedWindowLimiter")
struct FixedWindowLimiterTests {
    @Test("admits `limit` events per window, then answers the time to the next boundary; the count resets there")
    func limitThenBoundary() throws {
        var limiter = FixedWindowLimiter(limit: 2, window: 60, origin: 1000)
        for now in [1000.0, 1059.0] {
            #expect(limiter.waitBeforeAdmitting(now: now) == nil)
            limiter.record()
        }
        let first = limiter.waitBeforeAdmitting(now: 1059.5)
        let wait = try #require(first)
        #expect(abs(wait - 0.5) < 1e-9)
        // A refusal records nothing; the next window admits two again.
        #expect(limiter.waitBeforeAdmitting(now: 1060) == nil)
        limiter.record()
        #expect(limiter.waitBeforeAdmitting(now: 1061) == nil)
        limiter.record()
        let again = limiter.waitBeforeAdmitting(now: 1062)
        let second = try #require(again)
        #expect(abs(second - 58) < 1e-9)
    }

    @Test("a window with no event in it starts empty; limit 0 admits everything")
    func skippedWindowsAndNoLimit() {
        var limiter = FixedWindowLimiter(limit: 1, window: 10, origin: 0)
        #expect(limiter.waitBeforeAdmitting(now: 5) == nil)
        limiter.record()
        #expect(limiter.waitBeforeAdmitting(now: 35) == nil)
        var unlimited = FixedWindowLimiter(limit: 0, window: 10, origin: 0)
        for _ in 0..<100 {
            #expect(unlimited.waitBeforeAdmitting(now: 1) == nil)
            unlimited.record()
        }
    }
}
