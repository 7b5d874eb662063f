import Testing
@testable import StatusBatch

/// SendingCore during an outage (start, single probes, recovery, giving up) and with OAuth tokens
/// (first use, expiry, refusal, a refused key).
@Suite("SendingCore: outages and tokens")
struct SendingCoreOutageTests {
    typealias S = SendingCoreScript

    /// Twenty rows started 1 s apart (rate 1000/s, 20 workers) and all answered 503 at 21 s: the 20th
    /// answer starts an outage (rows 1-19 spent an attempt, row 20 none).
    static func outagePreamble() -> [SendingCoreScript.Step] {
        var steps = [step(0, .claim(limit: 20)),
                     step(0, [.claimed((1...20).map { S.row($0) }, nextDue: nil)], .start(rowId: 1, scheduledAt: 0))]
        steps += (2...20).map { step(Double($0 - 1), .start(rowId: $0, scheduledAt: Double($0 - 1))) }
        steps.append(step(21, (1...20).map { .answered(rowId: $0, reply: S.unavailable) },
                          .commitWhere("19 retries spending attempts, row 20 free") { outcomes, _ in
            outcomes.count == 20 && outcomes.prefix(19).allSatisfy { $0.counts == RequestCounts(requests: 1, attempts: 1) }
                && outcomes[19].counts == RequestCounts(requests: 1)
                && outcomes[19].resolution == .retry(at: 21, code: nil, message: "HTTP 503: empty body")
        }))
        return steps
    }

    static func script(maxOutage: Double = 900) throws -> SendingCoreScript {
        try S(rate: "1000/s", concurrency: 20, maxAttempts: 6) { $0.maxOutage = maxOutage }
    }

    static let health = SendingCore.healthReadRowId

    /// The outage's first health read leaving at 21 s: no update was answered, so the one row claimed gives its
    /// customer and goes back at once.
    static let healthReadStarts: [SendingCoreScript.Step] = [
        step(21, .claim(limit: 1)),
        step(21, [.claimed([S.row(20)], nextDue: nil)], .commit(resolutions: [20: .released()])),
        step(21, .start(rowId: health, scheduledAt: 21, isProbe: true, call: .lookup)),
    ]

    /// The outage's first health read, failing like the rows.
    static let healthReadFails: [SendingCoreScript.Step] = healthReadStarts + [
        step(21, .wait(until: nil)),
        step(21.1, [.readAnswered(rowId: health, reply: S.readFails503)], .wait(until: 23)),
    ]

    /// A row probe at `at` that fails, and the health read that follows it at once (failing too).
    static func failingProbe(at: Double, nextAt: Double) -> [SendingCoreScript.Step] {
        [step(at, .claim(limit: 1)),
         step(at, [.claimed([S.row(20)], nextDue: nil)], .start(rowId: 20, scheduledAt: at, isProbe: true)),
         step(at, .wait(until: nil)),
         step(at + 0.1, [.answered(rowId: 20, reply: S.unavailable)],
              .commit(resolutions: [20: .retry(at: at + 0.1, code: nil, message: "HTTP 503: empty body")])),
         step(at + 0.1, .start(rowId: health, scheduledAt: at + 0.1, isProbe: true, call: .lookup)),
         step(at + 0.2, [.readAnswered(rowId: health, reply: S.readFails503)], .wait(until: nextAt))]
    }

    @Test("outage: a health read first and after each failed row probe; row probes at 2, 2, 4 ... s; a good answer ends it")
    func outageProbesAndRecovery() throws {
        var script = try Self.script()
        #expect(script.run(Self.outagePreamble() + Self.healthReadFails + Self.failingProbe(at: 23, nextAt: 25) + [
            step(25, .claim(limit: 1)),
            step(25, [.claimed([S.row(20)], nextDue: nil)], .start(rowId: 20, scheduledAt: 25, isProbe: true)),
            step(25.1, [.answered(rowId: 20, reply: S.ok)],
                 .commit(resolutions: [20: .succeeded(createdId: "1", warnings: nil)],
                         pauses: [PauseRecord(cause: .outage, startedAt: 21, endedAt: 25.1)])),
        ]) == nil)
        #expect(!script.core.progress.inOutage)
    }

    @Test("rows failing alone: the health read answers, the suspected outage is dismissed and the rows spend attempts")
    func healthReadDismisses() throws {
        var script = try Self.script()
        #expect(script.run(Self.outagePreamble() + Self.healthReadStarts + [
            step(21.1, [.readAnswered(rowId: Self.health, reply: ReadReply(result: .customer(id: "7"), httpStatus: 200))],
                 .commit(resolutions: [:], pauses: [PauseRecord(cause: .healthCheck, startedAt: 21, endedAt: 21.1)])),
            // Sending resumes at the pool's pace, and the row's next failure spends an attempt again.
            step(21.1, .actionWhere("a claim") { if case .claim = $0 { return true } else { return false } }),
            step(21.1, [.claimed([S.row(20)], nextDue: nil)], .start(rowId: 20, scheduledAt: 21.1)),
            step(21.2, [.answered(rowId: 20, reply: S.unavailable)], .commitWhere("a retry spending an attempt") { o, _ in
                o.count == 1 && o[0].counts == RequestCounts(requests: 1, attempts: 1)
            }),
        ]) == nil)
        #expect(!script.core.progress.inOutage)
    }

    @Test("the health read looks up the customer of the last answered row, with no row claimed")
    func healthReadOfAnsweredCustomer() throws {
        var script = try S(rate: "1000/s", concurrency: 21, maxAttempts: 6)
        var steps = [step(0, .claim(limit: 21)),
                     step(0, [.claimed((1...21).map { S.row($0) }, nextDue: nil)], .start(rowId: 1, scheduledAt: 0))]
        steps += (2...21).map { step(Double($0 - 1), .start(rowId: $0, scheduledAt: Double($0 - 1))) }
        steps.append(step(21, [.answered(rowId: 21, reply: S.ok)] + (1...20).map { .answered(rowId: $0, reply: S.unavailable) },
                          .commitWhere("one success, 20 retries") { o, _ in o.count == 21 }))
        steps.append(step(21, .actionWhere("a lookup of row 21's customer") { action in
            guard case .start(let start) = action else { return false }
            return start.row.id == SendingCore.healthReadRowId && start.call == .lookup && start.isProbe
                && start.row.update == S.row(21).update
        }))
        #expect(script.run(steps) == nil)
    }

    @Test("outage: claimed rows go back at once; the health read needs none of them")
    func outageReleasesClaimed() throws {
        var script = try Self.script()
        #expect(script.run(Self.outagePreamble() + [
            step(21, .claim(limit: 1)),
            step(21, [.claimed([S.row(20), S.row(21), S.row(22)], nextDue: nil)],
                 .commit(resolutions: [20: .released(), 21: .released(), 22: .released()])),
            step(21, .start(rowId: Self.health, scheduledAt: 21, isProbe: true, call: .lookup)),
        ]) == nil)
    }

    @Test("a stop while the health read is in flight: its answer dismisses nothing; the outage span is recorded")
    func stopDuringHealthRead() throws {
        var script = try Self.script()
        #expect(script.run(Self.outagePreamble() + Self.healthReadStarts + [
            step(21.05, [.stopRequested], .wait(until: 51.05)),
            step(21.1, [.readAnswered(rowId: Self.health, reply: ReadReply(result: .customer(id: "7"), httpStatus: 200))],
                 .commit(resolutions: [:], pauses: [PauseRecord(cause: .outage, startedAt: 21, endedAt: 21.1)])),
            step(21.1, .finish(.stopped)),
        ]) == nil)
    }

    @Test("reads refused for the job: no health read, rows probe alone; refused health reads count towards that")
    func noHealthReadWithoutReads() throws {
        var script = try Self.script()
        let refused = ReadReply(result: .unavailable(message: "HTTP 403 on the read calls"), httpStatus: 403)
        // Three refused health reads (the first, then one after each failed row probe) give the reads up.
        var steps = Self.outagePreamble() + Self.healthReadStarts + [
            step(21.1, [.readAnswered(rowId: Self.health, reply: refused)], .wait(until: 23)),
        ]
        for (at, next) in [(23.0, 25.0), (25.0, 29.0)] {
            steps += [step(at, .claim(limit: 1)),
                      step(at, [.claimed([S.row(20)], nextDue: nil)], .start(rowId: 20, scheduledAt: at, isProbe: true)),
                      step(at + 0.1, [.answered(rowId: 20, reply: S.unavailable)], .commitWhere("a free retry") { o, _ in o.count == 1 }),
                      step(at + 0.1, .start(rowId: Self.health, scheduledAt: at + 0.1, isProbe: true, call: .lookup)),
                      step(at + 0.2, [.readAnswered(rowId: Self.health, reply: refused)], .wait(until: next))]
        }
        // From now on rows probe alone: after the probe at 29 fails, the next one waits for 37 with no read between.
        steps += [step(29, .claim(limit: 1)),
                  step(29, [.claimed([S.row(20)], nextDue: nil)], .start(rowId: 20, scheduledAt: 29, isProbe: true)),
                  step(29.1, [.answered(rowId: 20, reply: S.unavailable)], .commitWhere("a free retry") { o, _ in o.count == 1 }),
                  step(29.1, .wait(until: 37))]
        #expect(script.run(steps) == nil)
        #expect(script.core.readsUnavailable == "HTTP 403 on the read calls")
    }

    @Test("outage longer than --max-outage: the job stops with its rows waiting (resumable), the span is recorded")
    func outageGivesUp() throws {
        var script = try Self.script(maxOutage: 10)
        #expect(script.run(Self.outagePreamble() + Self.healthReadFails + Self.failingProbe(at: 23, nextAt: 25)
                           + Self.failingProbe(at: 25, nextAt: 29) + Self.failingProbe(at: 29, nextAt: 31) + [
            step(31, .commit(resolutions: [:], pauses: [PauseRecord(cause: .outage, startedAt: 21, endedAt: 31)])),
            step(31, .finish(.outage("the API failed every request for 10 s (outage since \(Timestamp.iso(21)))"))),
        ]) == nil)
    }

    @Test("OAuth: a token before the first request, used until shortly before it runs out, then renewed")
    func tokenLifetime() throws {
        var script = try S(oauth: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .requestToken),
            step(0, [.tokenIssued(token: "token-1", lifetime: 300)], .start(rowId: 1, scheduledAt: 0, token: "token-1")),
            step(0.1, [.answered(rowId: 1, reply: S.ok)], .commitWhere("success") { o, _ in o.count == 1 }),
            step(271, .claim(limit: 2)),
            step(271, [.claimed([S.row(2)], nextDue: nil)], .requestToken),
            step(271, [.tokenIssued(token: "token-2", lifetime: 300)], .start(rowId: 2, scheduledAt: 271, token: "token-2")),
        ]) == nil)
    }

    @Test("OAuth: a 401 earns the row a free retry and one new token; a 401 for the new token stops the job")
    func tokenRefusedTwice() throws {
        var script = try S(oauth: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .requestToken),
            step(0, [.tokenIssued(token: "token-1", lifetime: 300)], .start(rowId: 1, scheduledAt: 0, token: "token-1")),
            step(0.1, [.answered(rowId: 1, reply: S.unauthorized)], .commitWhere("a free retry now") { outcomes, _ in
                outcomes.first?.resolution == .retry(at: 0.1, code: "401", message: "OAuth token refused; a new one is generated")
                    && outcomes.first?.counts == RequestCounts(requests: 1)
            }),
            step(0.1, .claim(limit: 2)),
            step(0.1, [.claimed([S.row(1)], nextDue: nil)], .requestToken),
            step(0.1, [.tokenIssued(token: "token-2", lifetime: 300)], .start(rowId: 1, scheduledAt: 0.1, token: "token-2")),
            step(0.2, [.answered(rowId: 1, reply: S.unauthorized)], .commit(resolutions: [1: .released()])),
            step(0.2, .finish(.fatal("HTTP 401 unauthorized: empty body"))),
        ]) == nil)
    }

    @Test("OAuth: a refused key and secret stop the job before any row is sent")
    func tokenCallRefused() throws {
        var script = try S(oauth: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1), S.row(2)], nextDue: nil)], .requestToken),
            step(0, [.tokenRefused(message: "OAuth token generation failed (HTTP 401: bad key)")],
                 .commit(resolutions: [1: .released(), 2: .released()])),
            step(0, .finish(.fatal("OAuth token generation failed (HTTP 401: bad key)"))),
        ]) == nil)
    }

    @Test("basic credentials: a 401 stops the job at once")
    func basicRefused() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.1, [.answered(rowId: 1, reply: S.unauthorized)], .commit(resolutions: [1: .released()])),
            step(0.1, .finish(.fatal("HTTP 401 unauthorized: empty body"))),
        ]) == nil)
    }
}
