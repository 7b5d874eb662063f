import Testing
@testable import StatusBatch

/// PacingController: pool-wide pauses (Retry-After, backoff), their merging, the adaptive rate switch.
@Suite("PacingController: pauses and rate")
struct PacingControllerTests {
    static func controller(rate: String = "10/s", adaptive: Bool = true) throws -> PacingController {
        var settings = SendingSettings(rate: try SendRate(parsing: rate))
        settings.adaptive = adaptive
        return PacingController(settings: settings)
    }

    static func total(_ pauses: [PauseRecord]) -> Double {
        pauses.reduce(0) { $0 + ($1.endedAt - $1.startedAt) }
    }

    @Test("a fresh controller: no pause, the configured rate, nothing recorded")
    func fresh() throws {
        let pacing = try Self.controller()
        #expect(pacing.pauseUntil == 0)
        #expect(pacing.rate(now: 100) == 10)
        #expect(pacing.rateDecreases == 0)
        #expect(pacing.outage == nil)
        #expect(pacing.takePauses(now: 100).isEmpty)
    }

    @Test("429 with Retry-After 2 at 100: pool paused until 102, one retry_after pause, taken once")
    func retryAfterPause() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 429, retryAfter: 2, now: 100, unitRandom: 0.3)
        #expect(pacing.pauseUntil == 102)
        #expect(pacing.takePauses(now: 100) == [PauseRecord(cause: "retry_after", startedAt: 100, endedAt: 102)])
        #expect(pacing.takePauses(now: 101).isEmpty)
        #expect(pacing.rate(now: 100) == 5)
        #expect(pacing.rateDecreases == 1)
    }

    @Test("429 without Retry-After: a backoff pause between 0.5 and 1 s for the first one")
    func firstBackoff() throws {
        for unit in [0.0, 0.25, 0.5, 0.999] {
            let pacing = try Self.controller()
            pacing.throttled(status: 429, retryAfter: nil, now: 100, unitRandom: unit)
            let wait = pacing.pauseUntil - 100
            #expect(wait >= 0.5 && wait < 1, "unitRandom \(unit): \(wait)")
            let pauses = pacing.takePauses(now: 100)
            #expect(pauses.map(\.cause) == ["backoff"])
            #expect(pauses.first?.startedAt == 100)
            #expect(pauses.first?.endedAt == pacing.pauseUntil)
        }
    }

    /// The pause each of `count` consecutive 429s (100 s apart, so they never overlap) causes.
    static func backoffWaits(count: Int, unitRandom: Double) throws -> [Double] {
        let pacing = try Self.controller()
        return (0..<count).map { index in
            let now = 1000 + Double(index) * 100
            pacing.throttled(status: 429, retryAfter: nil, now: now, unitRandom: unitRandom)
            return pacing.pauseUntil - now
        }
    }

    @Test("consecutive 429s back off exponentially, capped at 30 s")
    func backoffGrows() throws {
        let low = try Self.backoffWaits(count: 9, unitRandom: 0)
        #expect(low == [0.5, 1, 2, 4, 8, 15, 15, 15, 15])
        let high = try Self.backoffWaits(count: 9, unitRandom: 0.999_999)
        #expect(zip(high, high.dropFirst()).prefix(5).allSatisfy { $0 < $1 }, "\(high)")
        #expect(high.allSatisfy { $0 <= 30 }, "\(high)")
        #expect(high.suffix(3).allSatisfy { isClose($0, 30, tolerance: 1e-3) }, "\(high)")
    }

    @Test("an answer that shows the API is up resets the backoff to the first step")
    func answeredResetsBackoff() throws {
        let pacing = try Self.controller()
        for index in 0..<4 {
            pacing.throttled(status: 429, retryAfter: nil, now: 1000 + Double(index) * 100, unitRandom: 0)
        }
        #expect(pacing.pauseUntil - 1300 == 4)
        pacing.answered(now: 1400)
        pacing.throttled(status: 429, retryAfter: nil, now: 1500, unitRandom: 0)
        #expect(pacing.pauseUntil - 1500 == 0.5)
    }

    @Test("a 503 with Retry-After pauses the pool too (cause retry_after) without lowering the rate")
    func transientRetryAfter() throws {
        let pacing = try Self.controller()
        #expect(pacing.transientFailure(retryAfter: 5, now: 200) == false)
        #expect(pacing.pauseUntil == 205)
        #expect(pacing.takePauses(now: 200) == [PauseRecord(cause: "retry_after", startedAt: 200, endedAt: 205)])
        #expect(pacing.rate(now: 200) == 10)
    }

    @Test("a 521 or 461 with Retry-After pauses the pool (retry_after) but leaves the rate alone")
    func otherThrottleWithRetryAfter() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 521, retryAfter: 3, now: 50, unitRandom: 0.5)
        #expect(pacing.pauseUntil == 53)
        #expect(pacing.takePauses(now: 50) == [PauseRecord(cause: "retry_after", startedAt: 50, endedAt: 53)])
        #expect(pacing.rate(now: 50) == 10)
        #expect(pacing.rateDecreases == 0)
    }

    @Test("a 521 or 461 without Retry-After neither pauses nor slows down")
    func otherThrottleWithoutRetryAfter() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 521, retryAfter: nil, now: 50, unitRandom: 0.5)
        pacing.throttled(status: 461, retryAfter: nil, now: 52, unitRandom: 0.5)
        #expect(pacing.pauseUntil == 0)
        #expect(pacing.takePauses(now: 53).isEmpty)
        #expect(pacing.rate(now: 53) == 10)
        #expect(pacing.rateDecreases == 0)
    }

    @Test("overlapping pauses of the same cause merge into one record: no double counting")
    func mergeSameCause() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 429, retryAfter: 2, now: 100, unitRandom: 0)
        pacing.throttled(status: 429, retryAfter: 2, now: 101, unitRandom: 0)
        // Shorter than the pause already in force: ignored.
        pacing.throttled(status: 429, retryAfter: 1, now: 101.5, unitRandom: 0)
        #expect(pacing.pauseUntil == 103)
        let pauses = pacing.takePauses(now: 101.5)
        #expect(pauses == [PauseRecord(cause: "retry_after", startedAt: 100, endedAt: 103)])
        #expect(Self.total(pauses) == 3)
    }

    @Test("a later pause that does not overlap is a separate record")
    func separatePauses() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 429, retryAfter: 2, now: 100, unitRandom: 0)
        _ = pacing.transientFailure(retryAfter: 1, now: 105)
        #expect(pacing.takePauses(now: 105) == [
            PauseRecord(cause: "retry_after", startedAt: 100, endedAt: 102),
            PauseRecord(cause: "retry_after", startedAt: 105, endedAt: 106),
        ])
    }

    @Test("an overlapping pause of another cause starts where the previous one ends")
    func otherCauseContinues() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 429, retryAfter: nil, now: 100, unitRandom: 0)
        #expect(pacing.pauseUntil == 100.5)
        pacing.throttled(status: 503, retryAfter: 2, now: 100.25, unitRandom: 0)
        let pauses = pacing.takePauses(now: 100.25)
        #expect(pauses == [PauseRecord(cause: "backoff", startedAt: 100, endedAt: 100.5),
                           PauseRecord(cause: "retry_after", startedAt: 100.5, endedAt: 102.25)])
        #expect(Self.total(pauses) == 2.25)
    }

    @Test("pauses already taken are not extended: the continuation starts where the pause in force ends")
    func mergeAcrossTake() throws {
        let pacing = try Self.controller()
        pacing.throttled(status: 429, retryAfter: 2, now: 100, unitRandom: 0)
        let first = pacing.takePauses(now: 100.5)
        pacing.throttled(status: 429, retryAfter: 2, now: 101, unitRandom: 0)
        let second = pacing.takePauses(now: 101)
        #expect(first == [PauseRecord(cause: "retry_after", startedAt: 100, endedAt: 102)])
        #expect(second == [PauseRecord(cause: "retry_after", startedAt: 102, endedAt: 103)])
    }

    @Test("adaptive = false: the rate stays at the ceiling after 429s (the pauses still happen)")
    func adaptiveOff() throws {
        let pacing = try Self.controller(adaptive: false)
        for index in 0..<5 {
            pacing.throttled(status: 429, retryAfter: 1, now: 100 + Double(index) * 2, unitRandom: 0.5)
        }
        #expect(pacing.rate(now: 110) == 10)
        #expect(pacing.rateDecreases == 0)
        #expect(pacing.pauseUntil == 109)

        let adaptive = try Self.controller(adaptive: true)
        for index in 0..<3 {
            adaptive.throttled(status: 429, retryAfter: 1, now: 100 + Double(index) * 2, unitRandom: 0.5)
        }
        #expect(adaptive.rate(now: 106) == 10.0 / 8)
        #expect(adaptive.rateDecreases == 3)
    }

    @Test("the adaptive rate climbs back in the controller after the quiet period")
    func adaptiveClimbs() throws {
        let pacing = try Self.controller(rate: "20/s")
        pacing.throttled(status: 429, retryAfter: nil, now: 0, unitRandom: 0)
        #expect(pacing.rate(now: 4.9) == 10)
        #expect(pacing.rate(now: 5) == 11)
        #expect(pacing.rate(now: 7) == 12)
    }
}
