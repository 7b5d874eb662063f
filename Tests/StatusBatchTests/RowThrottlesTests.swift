import Testing
@testable import StatusBatch

/// Throttling that follows one row (the same row refused again while the API answers others) is the row's,
/// not the pool's: it neither pauses nor slows the pool, and after a few such answers the row spends attempts.
@Suite("RowThrottles")
struct RowThrottlesTests {
    typealias S = SendingCoreScript

    @Test("a row throttled again after other answers follows the row; from then on every throttle of it counts")
    func counting() {
        var throttles = RowThrottles()
        #expect(throttles.throttled(rowId: 1, now: 0) == 0)
        #expect(throttles.throttled(rowId: 1, now: 1) == 0, "nothing was answered in between: maybe the pool's")
        throttles.apiAnswered(now: 2)
        #expect(throttles.throttled(rowId: 1, now: 3) == 1)
        #expect(throttles.throttled(rowId: 1, now: 4) == 2, "known to be the row's: counts without answers too")
        throttles.apiAnswered(now: 5)
        #expect(throttles.throttled(rowId: 1, now: 6) == 3)
        #expect(throttles.throttled(rowId: 2, now: 7) == 0, "another row's first throttle")
        throttles.forget(rowId: 1)
        #expect(throttles.throttled(rowId: 1, now: 8) == 0)
    }

    @Test("in the core: the second 429 of a row after another row's success does not pause the pool, and the decrease its first 429 caused is taken back")
    func noPoolPause() throws {
        var script = try S(rate: "10/s", concurrency: 2)
        let tooMany = S.tooMany(retryAfter: nil)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1), S.row(2)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0, .wait(until: 0.1)),
            step(0.1, .start(rowId: 2, scheduledAt: 0.1)),
            // Row 1's first 429 may be the pool's: a backoff pause is recorded.
            step(0.15, [.answered(rowId: 1, reply: tooMany)], .commitWhere("a retry and no pause yet") { outcomes, _ in
                if case .retry = outcomes.first?.resolution { return true }
                return false
            }),
            step(0.2, [.answered(rowId: 2, reply: S.ok)], .commit(resolutions: [2: .succeeded(createdId: "1", warnings: nil)])),
        ]) == nil)
        // Row 1 again, after row 2 was answered: its own refusal. Its first 429 (nothing but 429s so far) halved the rate.
        #expect(script.core.currentRate == 5 && script.core.rateDecreases == 1)
        var followed = script
        followed.core.handle(.claimed([S.row(1, throttles: 1)], nextDue: nil), now: 5)
        guard case .start = followed.core.nextAction(now: 5) else {
            Issue.record("row 1 must start")
            return
        }
        followed.core.handle(.answered(rowId: 1, reply: tooMany), now: 5.1)
        guard case .commit(let outcomes, let pauses) = followed.core.nextAction(now: 5.1) else {
            Issue.record("a commit must follow")
            return
        }
        #expect(pauses.isEmpty, "the pool is not paused for a row's own 429")
        #expect(outcomes.first?.counts == RequestCounts(requests: 1, throttles: 1))
        #expect(followed.core.currentRate == 10 && followed.core.rateDecreases == 0)
    }

    @Test("after three row-following 429s the row spends its attempts and gives up when they run out")
    func spendsAttempts() throws {
        var script = try S(maxAttempts: 2)
        let tooMany = S.tooMany(retryAfter: nil)
        script.core.rowThrottles.apiAnswered(now: 0)
        var time = 1.0
        var last: RowOutcome?
        for throttles in 0..<6 {
            // Between two tries of row 1 the API answers another row.
            script.core.rowThrottles.apiAnswered(now: time - 0.5)
            var row = S.row(1, throttles: throttles)
            row.attempts = max(0, throttles - 4)
            script.core.handle(.claimed([row], nextDue: nil), now: time)
            while case .wait = script.core.nextAction(now: time) { time += 0.1 }
            script.core.handle(.answered(rowId: 1, reply: tooMany), now: time + 0.05)
            var action = script.core.nextAction(now: time + 0.05)
            while case .commit(let outcomes, _) = action, outcomes.isEmpty { action = script.core.nextAction(now: time + 0.05) }
            guard case .commit(let outcomes, _) = action else { break }
            last = outcomes.first
            if case .gaveUp = last?.resolution { break }
            time += 10
        }
        guard case .gaveUp(_, let message)? = last?.resolution else {
            Issue.record("the row must give up: \(String(describing: last))")
            return
        }
        #expect(message.contains("while other rows were answered"))
        #expect(last?.counts == RequestCounts(requests: 1, attempts: 1))
    }

    @Test("AdaptiveRate.forgive: the rate doubles back within the ceiling and the remembered limit, the decrease is not counted")
    func forgive() {
        var rate = AdaptiveRate(ceiling: 200)
        let limitBefore = rate.refusedRate
        for _ in 0..<3 { rate.throttled(now: 0) }
        #expect(rate.current == 100 && rate.decreases == 1 && rate.refusedRate == 200)
        var standing = rate
        standing.forgive(refusedBefore: limitBefore, othersStand: true)
        #expect(standing.current == 180 && standing.refusedRate == 200 && standing.decreases == 0,
                "another decrease stands: the remembered limit stays and caps the rate")
        rate.forgive(refusedBefore: limitBefore, othersStand: false)
        #expect(rate.current == 200 && rate.refusedRate == limitBefore && rate.decreases == 0)
    }
}
