import Testing
@testable import StatusBatch

/// RetryPolicy: full-jitter exponential backoff, its cap, Retry-After as a floor, the attempt limit.
@Suite("RetryPolicy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.5, maxDelay: 60)

    @Test("unitRandom 0 gives no delay")
    func zeroJitter() {
        for attempts in 1...10 {
            #expect(policy.delay(afterAttempts: attempts, retryAfter: nil, unitRandom: 0) == 0)
        }
    }

    @Test("the ceiling doubles from baseDelay and is capped at maxDelay")
    func growth() {
        let delays = (1...10).map { policy.delay(afterAttempts: $0, retryAfter: nil, unitRandom: 0.999) }
        let ceilings: [Double] = [0.5, 1, 2, 4, 8, 16, 32, 60, 60, 60]
        #expect(delays == ceilings.map { $0 * 0.999 })
        #expect(policy.delay(afterAttempts: 1000, retryAfter: nil, unitRandom: 0.999) == 60 * 0.999)
        #expect(policy.delay(afterAttempts: 0, retryAfter: nil, unitRandom: 0.5) == 0.25)
        #expect(policy.delay(afterAttempts: 3, retryAfter: nil, unitRandom: 0.5) == 1)
    }

    @Test("unitRandom outside [0, 1] is clamped")
    func clamped() {
        #expect(policy.delay(afterAttempts: 2, retryAfter: nil, unitRandom: 7) == 1)
        #expect(policy.delay(afterAttempts: 2, retryAfter: nil, unitRandom: -1) == 0)
    }

    @Test("Retry-After is a lower bound")
    func retryAfterFloor() {
        #expect(policy.delay(afterAttempts: 1, retryAfter: 2, unitRandom: 0.999) == 2)
        #expect(policy.delay(afterAttempts: 1, retryAfter: 2, unitRandom: 0) == 2)
        #expect(policy.delay(afterAttempts: 6, retryAfter: 2, unitRandom: 0.5) == 8)
        #expect(policy.delay(afterAttempts: 10, retryAfter: 120, unitRandom: 0.999) == 120)
    }

    @Test("mayRetry is false once maxAttempts attempts were made")
    func attemptLimit() {
        #expect((0...7).map { policy.mayRetry(afterAttempts: $0) } == [true, true, true, true, true, true, false, false])
        #expect(!RetryPolicy(maxAttempts: 1).mayRetry(afterAttempts: 1))
    }

    @Test("defaults")
    func defaults() {
        #expect(RetryPolicy() == RetryPolicy(maxAttempts: 6, baseDelay: 0.5, maxDelay: 60))
    }
}
