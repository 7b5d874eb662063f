import Testing
@testable import StatusBatch

/// SendingCore as a function: scripted events and times in, the expected actions out. Every transition:
/// success, each error class, throttling with and without Retry-After, budgets running out, stops, 403.
@Suite("SendingCore: answers, budgets, stops")
struct SendingCoreTests {
    typealias S = SendingCoreScript
    static let r1 = S.row(1), r2 = S.row(2)

    /// The first `count` numbers of the script's random generator (seed 7), as the core draws them.
    static func units(_ count: Int) -> [Double] {
        var random = SeededRandom(seed: 7)
        return (0..<count).map { _ in random.nextUnit() }
    }

    @Test("two rows succeed: claim, start at the pacer's times, claim ahead while the pool is full, commit, finish")
    func success() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0, .wait(until: 0.1)),
            step(0.1, .start(rowId: 2, scheduledAt: 0.1)),
            // Every connection busy and the claimed rows gone: the next ones are claimed now, not when one frees.
            step(0.1, .claim(limit: 2)),
            step(0.1, [.claimed([], nextDue: nil)], .wait(until: nil)),
            step(0.15, [.answered(rowId: 1, reply: S.ok)], .commit(resolutions: [1: .succeeded(createdId: "1", warnings: nil)])),
            step(0.15, .wait(until: nil)),
            step(0.2, [.answered(rowId: 2, reply: S.ok)], .commit(resolutions: [2: .succeeded(createdId: "1", warnings: nil)])),
            step(0.2, .finish(.finished)),
        ]) == nil)
        #expect(script.core.progress.succeeded == 2 && script.core.progress.requests == 2)
    }

    @Test("a due row starts before an answer that came meanwhile is committed; the commit follows")
    func startBeforeCommit() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0, .wait(until: 0.1)),
            step(0.1, [.answered(rowId: 1, reply: S.ok)], .start(rowId: 2, scheduledAt: 0.1)),
            step(0.1, .commit(resolutions: [1: .succeeded(createdId: "1", warnings: nil)])),
            step(0.1, .claim(limit: 2)),
            step(0.1, [.claimed([], nextDue: nil)], .wait(until: nil)),
            step(0.2, [.answered(rowId: 2, reply: S.ok)], .commit(resolutions: [2: .succeeded(createdId: "1", warnings: nil)])),
            step(0.2, .finish(.finished)),
        ]) == nil)
        #expect(script.core.progress.succeeded == 2)
    }

    @Test("a permanent error fails the row; the counts say one request and one attempt")
    func permanent() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: S.notFound)], .commitWhere("row 1 failed with 8015, one attempt") { outcomes, _ in
                outcomes == [RowOutcome(rowId: 1, resolution: .failed(code: "8015", message: "Customer not found"),
                                        counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 400, latencyMs: 50,
                                        sentAt: 0, finishedAt: 0.05,
                                        attempt: AttemptRecord(attempt: 1, scheduledAt: 0, startedAt: 0, durationMs: 50,
                                                               httpStatus: 400, code: "8015", outcome: .permanent, retryAfter: nil))]
            }),
        ]) == nil)
    }

    @Test("a 503 is retried after a jittered backoff, spending an attempt; the store is asked again then")
    func transientRetry() throws {
        var script = try S()
        let delay = 0.5 * Self.units(1)[0]
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0, .claim(limit: 2)),
            step(0, [.claimed([], nextDue: nil)], .wait(until: nil)),
            step(1, [.answered(rowId: 1, reply: S.unavailable)],
                 .commit(resolutions: [1: .retry(at: 1 + delay, code: nil, message: "HTTP 503: empty body")])),
            step(1, .wait(until: 1 + delay)),
            step(1 + delay, .claim(limit: 2)),
        ]) == nil)
        #expect(script.core.progress.retrying == 1)
    }

    @Test("the last attempt's 503 gives up; a row that was throttled 49 times gives up on its 50th 429")
    func budgetsRunOut() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1, attempts: 2), S.row(2, throttles: 49)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.1, .start(rowId: 2, scheduledAt: 0.1)),
            step(0.2, [.answered(rowId: 1, reply: S.unavailable)],
                 .commit(resolutions: [1: .gaveUp(code: nil, message: "HTTP 503: empty body")])),
            step(0.3, [.answered(rowId: 2, reply: S.tooMany(retryAfter: 1))],
                 .commit(resolutions: [2: .gaveUp(code: nil, message: "HTTP 429: empty body (throttled 50 times)")],
                         pauses: [PauseRecord(cause: .retryAfter, startedAt: 0.3, endedAt: 1.3)])),
        ]) == nil)
        #expect(script.core.progress.gaveUp == 2)
    }

    @Test("429 with Retry-After: the pool pauses, the rate halves, the row waits its Retry-After from the throttle budget")
    func throttledWithRetryAfter() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: S.tooMany(retryAfter: 2))], .commitWhere("row 1 retried at 2.05 from the throttle budget") { outcomes, pauses in
                outcomes.first?.resolution == .retry(at: 2.05, code: nil, message: "HTTP 429: empty body")
                    && outcomes.first?.counts == RequestCounts(requests: 1, throttles: 1)
                    && outcomes.first?.attempt?.outcome == .throttled && outcomes.first?.attempt?.retryAfter == 2
                    && pauses == [PauseRecord(cause: .retryAfter, startedAt: 0.05, endedAt: 2.05)]
            }),
            step(0.05, .wait(until: 2.05)),
            step(2.05, .start(rowId: 2, scheduledAt: 2.05)),
        ]) == nil)
        #expect(script.core.currentRate == 5)
        #expect(script.core.rateDecreases == 1)
    }

    @Test("429 without Retry-After: a backoff pause of 0.5 to 1 s (cause backoff); with --adaptive off the rate stays")
    func throttledWithoutRetryAfter() throws {
        var script = try S { $0.adaptive = false }
        let pause = 0.5 + Self.units(1)[0] / 2
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: S.tooMany(retryAfter: nil))], .commitWhere("a backoff pause") { _, pauses in
                pauses == [PauseRecord(cause: .backoff, startedAt: 0.05, endedAt: 0.05 + pause)]
            }),
        ]) == nil)
        #expect(script.core.currentRate == 10)
    }

    @Test("461 and 521 spend the throttle budget but neither pause nor slow the pool without Retry-After")
    func otherThrottles() throws {
        var script = try S()
        let busy = S.reply(.throttled(status: 521, code: nil, message: "HTTP 521: busy", retryAfter: nil), status: 521)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: busy)], .commitWhere("no pause") { outcomes, pauses in
                pauses.isEmpty && outcomes.first?.counts == RequestCounts(requests: 1, throttles: 1)
            }),
            step(0.1, .start(rowId: 2, scheduledAt: 0.1)),
        ]) == nil)
        #expect(script.core.currentRate == 10)
    }

    @Test("a 503 with Retry-After pauses the pool too, without lowering the rate")
    func transientRetryAfter() throws {
        var script = try S()
        let slow = S.reply(.transient(cause: .server, code: nil, message: "HTTP 503: later", retryAfter: 5), status: 503)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: slow)], .commitWhere("a retry_after pause of 5 s") { _, pauses in
                pauses == [PauseRecord(cause: .retryAfter, startedAt: 0.05, endedAt: 5.05)]
            }),
            step(0.05, .wait(until: 5.05)),
        ]) == nil)
        #expect(script.core.currentRate == 10)
    }

    @Test("a timeout is recorded as such in the attempt history (it may have been applied)")
    func timeout() throws {
        var script = try S()
        let timedOut = S.reply(.transient(cause: .timeout, code: nil, message: "timeout: deadline", retryAfter: nil))
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(60, [.answered(rowId: 1, reply: timedOut)], .commitWhere("outcome timeout") { outcomes, _ in
                outcomes.first?.attempt?.outcome == .timeout
            }),
        ]) == nil)
    }

    @Test("403 stops the job: the row goes back (its request counted), claimed rows go back, then finish")
    func forbidden() throws {
        var script = try S()
        let forbidden = S.reply(.fatal(message: "HTTP 403 forbidden: no"), status: 403)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: forbidden)], .commitWhere("both rows released, one request") { outcomes, _ in
                outcomes.map(\.rowId).sorted() == [1, 2] && outcomes.allSatisfy { $0.resolution == .released() }
                    && outcomes.map(\.counts.requests).reduce(0, +) == 1
            }),
            step(0.05, .finish(.fatal("HTTP 403 forbidden: no"))),
        ]) == nil)
    }

    @Test("stop before anything: finish at once")
    func stopAtOnce() throws {
        var script = try S()
        #expect(script.run([step(0, [.stopRequested], .finish(.stopped))]) == nil)
    }

    @Test("stop with claimed rows and one in flight: claimed go back, wait for the answer, then finish")
    func stopWhileSending() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.01, [.stopRequested], .commit(resolutions: [2: .released()])),
            step(0.01, .wait(until: 30.01)),
            step(0.2, [.answered(rowId: 1, reply: S.ok)], .commit(resolutions: [1: .succeeded(createdId: "1", warnings: nil)])),
            step(0.2, .finish(.stopped)),
        ]) == nil)
    }

    @Test("stop while a request never answers: finish when the drain timeout runs out")
    func drainTimeout() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(1, [.stopRequested], .wait(until: 31)),
            step(31, .finish(.stopped)),
        ]) == nil)
    }

    @Test("stop during a pool-wide pause: the row waiting for its start goes back")
    func stopDuringPause() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.r1, Self.r2], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: S.tooMany(retryAfter: 10))], .commitWhere("a pause") { _, p in p.count == 1 }),
            step(0.05, .wait(until: 10.05)),
            step(3, [.stopRequested], .commit(resolutions: [2: .released()])),
            step(3, .finish(.stopped)),
        ]) == nil)
    }
}
