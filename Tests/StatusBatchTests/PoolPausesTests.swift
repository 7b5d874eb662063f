import Testing
@testable import StatusBatch

/// PoolPauses: pool-wide holds for Retry-After and 429 backoff, and how their spans are recorded.
@Suite("PoolPauses")
struct PoolPausesTests {
    static func total(_ pauses: [PauseRecord]) -> Double {
        pauses.reduce(0) { $0 + ($1.endedAt - $1.startedAt) }
    }

    @Test("fresh: no hold, nothing recorded")
    func fresh() {
        var pauses = PoolPauses()
        #expect(pauses.until == 0)
        #expect(pauses.take().isEmpty)
    }

    @Test("429 with Retry-After 2 at 100: held until 102, one retry_after record, taken once")
    func retryAfterPause() {
        var pauses = PoolPauses()
        pauses.tooManyRequests(retryAfter: 2, now: 100, unitRandom: 0.3)
        #expect(pauses.until == 102)
        #expect(pauses.take() == [PauseRecord(cause: .retryAfter, startedAt: 100, endedAt: 102)])
        #expect(pauses.take().isEmpty)
    }

    @Test("429 without Retry-After: a backoff hold between 0.5 and 1 s for the first one")
    func firstBackoff() {
        for unit in [0.0, 0.25, 0.5, 0.999] {
            var pauses = PoolPauses()
            pauses.tooManyRequests(retryAfter: nil, now: 100, unitRandom: unit)
            let wait = pauses.until - 100
            #expect(wait >= 0.5 && wait < 1, "unitRandom \(unit): \(wait)")
            let records = pauses.take()
            #expect(records.map(\.cause) == [.backoff])
            #expect(records.first?.startedAt == 100)
            #expect(records.first?.endedAt == pauses.until)
        }
    }

    /// The hold each of `count` consecutive 429s (100 s apart, so they never overlap) causes.
    static func backoffWaits(count: Int, unitRandom: Double) -> [Double] {
        var pauses = PoolPauses()
        return (0..<count).map { index in
            let now = 1000 + Double(index) * 100
            pauses.tooManyRequests(retryAfter: nil, now: now, unitRandom: unitRandom)
            return pauses.until - now
        }
    }

    @Test("consecutive 429s back off exponentially, capped at 30 s")
    func backoffGrows() {
        #expect(Self.backoffWaits(count: 9, unitRandom: 0) == [0.5, 1, 2, 4, 8, 15, 15, 15, 15])
        let high = Self.backoffWaits(count: 9, unitRandom: 0.999_999)
        #expect(zip(high, high.dropFirst()).prefix(5).allSatisfy { $0 < $1 }, "\(high)")
        #expect(high.allSatisfy { $0 <= 30 }, "\(high)")
        #expect(high.suffix(3).allSatisfy { isClose($0, 30, tolerance: 1e-3) }, "\(high)")
    }

    @Test("an answer that shows the API is up resets the backoff to the first step")
    func answeredResetsBackoff() {
        var pauses = PoolPauses()
        for index in 0..<4 { pauses.tooManyRequests(retryAfter: nil, now: 1000 + Double(index) * 100, unitRandom: 0) }
        #expect(pauses.until - 1300 == 4)
        pauses.apiAnswered()
        pauses.tooManyRequests(retryAfter: nil, now: 1500, unitRandom: 0)
        #expect(pauses.until - 1500 == 0.5)
    }

    @Test("overlapping holds of the same cause merge into one record; a shorter one is ignored")
    func mergeSameCause() {
        var pauses = PoolPauses()
        pauses.tooManyRequests(retryAfter: 2, now: 100, unitRandom: 0)
        pauses.tooManyRequests(retryAfter: 2, now: 101, unitRandom: 0)
        pauses.tooManyRequests(retryAfter: 1, now: 101.5, unitRandom: 0)
        #expect(pauses.until == 103)
        let records = pauses.take()
        #expect(records == [PauseRecord(cause: .retryAfter, startedAt: 100, endedAt: 103)])
        #expect(Self.total(records) == 3)
    }

    @Test("a later hold that does not overlap is a separate record")
    func separatePauses() {
        var pauses = PoolPauses()
        pauses.tooManyRequests(retryAfter: 2, now: 100, unitRandom: 0)
        pauses.retryAfter(1, now: 105)
        #expect(pauses.take() == [PauseRecord(cause: .retryAfter, startedAt: 100, endedAt: 102),
                                  PauseRecord(cause: .retryAfter, startedAt: 105, endedAt: 106)])
    }

    @Test("an overlapping hold of another cause starts where the previous one ends")
    func otherCauseContinues() {
        var pauses = PoolPauses()
        pauses.tooManyRequests(retryAfter: nil, now: 100, unitRandom: 0)
        #expect(pauses.until == 100.5)
        pauses.retryAfter(2, now: 100.25)
        let records = pauses.take()
        #expect(records == [PauseRecord(cause: .backoff, startedAt: 100, endedAt: 100.5),
                            PauseRecord(cause: .retryAfter, startedAt: 100.5, endedAt: 102.25)])
        #expect(Self.total(records) == 2.25)
    }

    @Test("records already taken are not extended: the continuation starts where the hold in force ends")
    func mergeAcrossTake() {
        var pauses = PoolPauses()
        pauses.tooManyRequests(retryAfter: 2, now: 100, unitRandom: 0)
        let first = pauses.take()
        pauses.tooManyRequests(retryAfter: 2, now: 101, unitRandom: 0)
        #expect(first == [PauseRecord(cause: .retryAfter, startedAt: 100, endedAt: 102)])
        #expect(pauses.take() == [PauseRecord(cause: .retryAfter, startedAt: 102, endedAt: 103)])
    }

    @Test("no Retry-After on another answer: no hold")
    func noRetryAfter() {
        var pauses = PoolPauses()
        pauses.retryAfter(nil, now: 5)
        #expect(pauses.until == 0)
        #expect(!pauses.hasRecords)
    }
}
