import Foundation
import Testing
@testable import StatusBatch

/// JobStore retry budgets (attempts, throttle, free), the attempt history and pauses, through real SQLite.
@Suite("JobStore: budgets and history")
struct JobStoreBudgetTests {
    /// A store in a fresh temporary folder with `rows` valid rows (ids 1...rows); the folder is removed afterwards.
    static func withStore(rows: Int = 3, _ body: (JobStore) throws -> Void) throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            try store.insert((1...rows).map { ingested(line: $0 + 1, mobileUpdate("91980000000\($0)")) }, firstId: 1)
            try body(store)
        }
    }

    static let throttle = RequestCounts(requests: 1, throttles: 1)
    static let attempt = RequestCounts(requests: 1, attempts: 1)
    static let free = RequestCounts(requests: 1)

    static func retry(_ id: Int, counts: RequestCounts, at time: Double = 100, attempt: AttemptRecord? = nil) -> RowOutcome {
        RowOutcome(rowId: id, resolution: .retry(at: time, code: nil, message: "HTTP 429: slow down"), counts: counts,
                   httpStatus: 429, latencyMs: 5, sentAt: time, finishedAt: time, attempt: attempt)
    }

    static func attempt(_ number: Int, started: Double, scheduled: Double? = nil, status: Int? = 429,
                        outcome: AttemptOutcome = .throttled) -> AttemptRecord {
        AttemptRecord(attempt: number, scheduledAt: scheduled, startedAt: started, durationMs: 5, httpStatus: status,
                      code: nil, outcome: outcome, retryAfter: nil)
    }

    static func claimedById(_ store: JobStore, now: Double) throws -> [Int: ClaimedRow] {
        Dictionary(uniqueKeysWithValues: try store.claim(limit: 100, now: now).map { ($0.id, $0) })
    }

    static func storedAttempts(_ store: JobStore) throws -> [Int] {
        var attempts: [Int] = []
        try store.forEachRow { attempts.append($0.attempts) }
        return attempts
    }

    @Test("a claim counts nothing: a fresh row has spent no attempt and no throttle")
    func freshClaim() throws {
        try Self.withStore { store in
            let claimed = try store.claim(limit: 3, now: 0)
            #expect(claimed.map(\.attempts) == [0, 0, 0])
            #expect(claimed.map(\.throttles) == [0, 0, 0])
            #expect(try Self.storedAttempts(store) == [0, 0, 0])
        }
    }

    @Test("an answer's counts are added when it is committed: throttle, free and attempt budgets")
    func budgets() throws {
        try Self.withStore { store in
            #expect(try store.claim(limit: 3, now: 0).count == 3)
            try store.record([Self.retry(1, counts: Self.throttle), Self.retry(2, counts: Self.free),
                              Self.retry(3, counts: Self.attempt)])
            #expect(try Self.storedAttempts(store) == [0, 0, 1])
            var requests: [Int] = []
            try store.forEachRow { requests.append($0.requests) }
            #expect(requests == [1, 1, 1])
            #expect(try store.countsByState() == [.waiting: 3])
            #expect(try store.claim(limit: 3, now: 99.9).isEmpty)
            let again = try Self.claimedById(store, now: 100)
            #expect(again[1]?.attempts == 0)
            #expect(again[1]?.throttles == 1)
            #expect(again[2]?.attempts == 0)
            #expect(again[2]?.throttles == 0)
            #expect(again[3]?.attempts == 1)
            #expect(again[3]?.throttles == 0)
        }
    }

    @Test("throttles add up over several retries while no attempt is spent")
    func throttlesAccumulate() throws {
        try Self.withStore(rows: 1) { store in
            var row = try #require(try store.claim(limit: 1, now: 0).first)
            for round in 1...4 {
                try store.record([Self.retry(1, counts: Self.throttle, at: Double(round))])
                row = try #require(try store.claim(limit: 1, now: Double(round)).first)
                #expect(row.attempts == 0, "round \(round)")
                #expect(row.throttles == round, "round \(round)")
            }
            // A transient failure then spends an attempt but leaves the throttles alone.
            try store.record([Self.retry(1, counts: Self.attempt, at: 10)])
            row = try #require(try store.claim(limit: 1, now: 10).first)
            #expect(row.attempts == 1)
            #expect(row.throttles == 4)
        }
    }

    @Test("an outcome for a row that is not in flight changes nothing")
    func onlyWhenInFlight() throws {
        try Self.withStore(rows: 2) { store in
            try store.record([Self.retry(1, counts: Self.throttle)])
            #expect(try store.countsByState() == [.pending: 2])
            let claimed = try Self.claimedById(store, now: 0)
            #expect(claimed[1]?.attempts == 0)
            #expect(claimed[1]?.throttles == 0)
        }
    }

    @Test("a released row goes back to pending with nothing counted")
    func releasedRow() throws {
        try Self.withStore(rows: 1) { store in
            _ = try store.claim(limit: 1, now: 0)
            try store.record([RowOutcome(rowId: 1, resolution: .released(), finishedAt: 1)])
            let row = try #require(try store.claim(limit: 1, now: 1).first)
            #expect(row.attempts == 0)
            #expect(row.throttles == 0)
        }
    }

    @Test("every outcome with an attempt is one row of the history, in start order; outcomes without none")
    func attemptHistory() throws {
        try Self.withStore { store in
            _ = try store.claim(limit: 3, now: 0)
            try store.record([
                Self.retry(1, counts: Self.throttle, at: 12, attempt: Self.attempt(1, started: 12, scheduled: 11.5)),
                RowOutcome(rowId: 2, resolution: .succeeded(createdId: "1", warnings: nil), httpStatus: 200, sentAt: 10,
                           finishedAt: 10.2, attempt: Self.attempt(1, started: 10, scheduled: 10, status: 200, outcome: .success)),
                RowOutcome(rowId: 3, resolution: .released(), finishedAt: 13),
            ])
            _ = try store.claim(limit: 3, now: 100)
            try store.record([
                RowOutcome(rowId: 1, resolution: .gaveUp(code: nil, message: "no"), httpStatus: nil, sentAt: 101,
                           finishedAt: 131, attempt: Self.attempt(1, started: 101, status: nil, outcome: .transient)),
            ])
            var seen: [(Double, Double?, Int?)] = []
            try store.forEachAttempt { started, scheduled, status, _, _ in seen.append((started, scheduled, status)) }
            #expect(seen.map(\.0) == [10, 12, 101])
            #expect(seen.map(\.1) == [10, 11.5, nil])
            #expect(seen.map(\.2) == [200, 429, nil])
        }
    }

    @Test("record([], pauses:) stores pauses; pausedSeconds sums them per cause; a backwards span counts 0")
    func pauses() throws {
        try Self.withStore(rows: 1) { store in
            #expect(try store.pausedSeconds().isEmpty)
            try store.record([], pauses: [
                PauseRecord(cause: .retryAfter, startedAt: 100, endedAt: 102),
                PauseRecord(cause: .backoff, startedAt: 103, endedAt: 103.5),
            ])
            try store.record([], pauses: [
                PauseRecord(cause: .retryAfter, startedAt: 110, endedAt: 113),
                PauseRecord(cause: .outage, startedAt: 200, endedAt: 260),
                PauseRecord(cause: .backoff, startedAt: 300, endedAt: 299),
            ])
            #expect(try store.pausedSeconds() == ["retry_after": 5, "backoff": 0.5, "outage": 60])
            #expect(try store.countsByState() == [.pending: 1])
            var attempts = 0
            try store.forEachAttempt { _, _, _, _, _ in attempts += 1 }
            #expect(attempts == 0)
        }
    }

    @Test("clearJob forgets the attempt history and the pauses")
    func clearJob() throws {
        try Self.withStore(rows: 1) { store in
            _ = try store.claim(limit: 1, now: 0)
            try store.record([Self.retry(1, counts: Self.throttle, attempt: Self.attempt(1, started: 1))],
                             pauses: [PauseRecord(cause: .backoff, startedAt: 1, endedAt: 2)])
            try store.clearJob()
            var attempts = 0
            try store.forEachAttempt { _, _, _, _, _ in attempts += 1 }
            #expect(attempts == 0)
            #expect(try store.pausedSeconds().isEmpty)
        }
    }
}
