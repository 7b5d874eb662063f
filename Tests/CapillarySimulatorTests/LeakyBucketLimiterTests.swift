import Testing
@testable import CapillarySimulator

/// LeakyBucketLimiter (nginx `limit_req … nodelay`): admissions and waits for explicit `now` values.
///
/// nginx keeps, per key, an excess in thousandths of a request: a new key starts with excess 0, and each later
/// request computes `excess - rate × ms + 1000`, refused when above `burst × 1000`. So `burst` extra requests
/// may come at once on top of the first (burst 5 admits 6 at the same instant, as `Pacer` with burst 5 starts 6),
/// and with burst 0 requests exactly 1/rate apart are all admitted.
@Suite("LeakyBucketLimiter")
struct LeakyBucketLimiterTests {
    /// Admits requests at `times` (seconds) in order; nil = admitted, else the wait.
    static func admit(_ limiter: inout LeakyBucketLimiter, _ times: [Double]) -> [Double?] {
        times.map { limiter.admit(now: $0) }
    }

    static func admittedCount(_ results: [Double?]) -> Int { results.filter { $0 == nil }.count }

    /// The time `ms` milliseconds after 1000 s, a quarter millisecond in so the limiter's rounding down
    /// to whole milliseconds is not at the mercy of binary fractions.
    static func at(ms: Int) -> Double { (1_000_000 + Double(ms) + 0.25) / 1000 }

    @Test("rate 0 means no limit")
    func unlimited() {
        var limiter = LeakyBucketLimiter(rate: 0, burst: 0)
        #expect(Self.admit(&limiter, Array(repeating: 1000, count: 50)).allSatisfy { $0 == nil })
    }

    @Test("a negative burst is treated as 0")
    func negativeBurst() {
        #expect(LeakyBucketLimiter(rate: 5, burst: -3).burst == 0)
    }

    @Test("burst 1 at 50/s: requests exactly 20 ms apart are all admitted")
    func steadyRateWithBurst() {
        var limiter = LeakyBucketLimiter(rate: 50, burst: 1)
        let times = (0..<200).map { Self.at(ms: $0 * 20) }
        let results = Self.admit(&limiter, times)
        #expect(results.allSatisfy { $0 == nil }, "\(results.enumerated().filter { $0.element != nil }.map(\.offset))")
    }

    @Test("a refused request is admitted once its wait has passed, and the refusal changed nothing")
    func waitIsEnough() {
        var limiter = LeakyBucketLimiter(rate: 50, burst: 2)
        var ms = 0
        var admitted = 0
        var refusals = 0
        // Hammer every millisecond for a second, following each wait exactly (rounded up to a millisecond).
        while ms < 1000 {
            let answer = limiter.admit(now: Self.at(ms: ms))
            if let wait = answer {
                refusals += 1
                #expect(wait >= 0.001)
                let retryMs = ms + Int((wait * 1000 - 1e-6).rounded(.up))
                let retried = limiter.admit(now: Self.at(ms: retryMs))
                #expect(retried == nil, "at \(retryMs) ms after waiting \(wait)")
                admitted += 1
                ms = retryMs + 1
            } else {
                admitted += 1
                ms += 1
            }
        }
        #expect(refusals > 0)
        // About 50 in the second, plus the burst.
        #expect(admitted >= 50 && admitted <= 54, "\(admitted)")
    }

    @Test("the excess drains with time: 0.2 s at 10/s lets two more through, a long pause a whole burst")
    func drainsAfterPause() {
        var limiter = LeakyBucketLimiter(rate: 10, burst: 3)
        let first = Self.admittedCount(Self.admit(&limiter, Array(repeating: 2000, count: 10)))
        #expect(first >= 3)
        #expect(Self.admittedCount(Self.admit(&limiter, Array(repeating: 2000.2, count: 10))) == 2)
        #expect(Self.admittedCount(Self.admit(&limiter, Array(repeating: 2000.25, count: 10))) == 0)
        // Five seconds later the bucket is empty: as many as a full burst allows.
        #expect(Self.admittedCount(Self.admit(&limiter, Array(repeating: 2005, count: 10))) == 4)
    }

    // MARK: nginx semantics (see the suite comment)

    @Test("rate 50, burst 0: requests 20 ms apart are all admitted; one 10 ms later is refused with a wait of 0.01 s")
    func burstZero() throws {
        var limiter = LeakyBucketLimiter(rate: 50, burst: 0)
        let times = (0..<10).map { Self.at(ms: $0 * 20) }
        #expect(Self.admit(&limiter, times).allSatisfy { $0 == nil })
        let refusal = limiter.admit(now: Self.at(ms: 190))
        let wait = try #require(refusal)
        #expect(abs(wait - 0.01) < 0.0015, "\(wait)")
        let next = limiter.admit(now: Self.at(ms: 200))
        #expect(next == nil)
    }

    @Test("rate 50, burst 5: six requests at the same instant are admitted, the 7th refused")
    func burstFive() {
        var limiter = LeakyBucketLimiter(rate: 50, burst: 5)
        let results = Self.admit(&limiter, Array(repeating: 1000, count: 7))
        #expect(results.prefix(6).allSatisfy { $0 == nil }, "\(results)")
        #expect(results[6] != nil)
    }

    @Test("a fresh limiter admits as many at once as a drained one (burst + 1)")
    func freshLikeDrained() {
        var limiter = LeakyBucketLimiter(rate: 50, burst: 5)
        let fresh = Self.admittedCount(Self.admit(&limiter, Array(repeating: 1000, count: 10)))
        let drained = Self.admittedCount(Self.admit(&limiter, Array(repeating: 1001, count: 10)))
        #expect(fresh == drained)
        #expect(drained == 6)
    }
}
