import Foundation
import Testing
@testable import StatusBatch

/// JobStore `requests`: every request sent for a row, counted apart from the `--max-attempts` budget
/// (`attempts`, which throttled and outage retries do not spend); both are counted when an answer is
/// committed, never at claim; and schema v5, which adds `requests`.
@Suite("JobStore: requests per row")
struct JobStoreRequestsTests {
    typealias Budget = JobStoreBudgetTests

    /// A job database at schema `version` (its migrations only), with `sql` run on it.
    static func oldDatabase(_ path: String, version: Int, _ sql: String) throws {
        let database = try SQLiteDatabase(path: path)
        for migration in Schema.migrations.prefix(version) { try database.execute(migration) }
        try database.execute("PRAGMA user_version = \(version);\n" + sql)
    }

    static func rows(_ store: JobStore) throws -> [StoredRow] {
        var rows: [StoredRow] = []
        try store.forEachRow { rows.append($0) }
        return rows
    }

    static func succeeded(_ id: Int, at time: Double) -> RowOutcome {
        RowOutcome(rowId: id, resolution: .succeeded(createdId: "1", warnings: nil),
                   counts: Budget.attempt, httpStatus: 200, latencyMs: 5, sentAt: time, finishedAt: time,
                   attempt: Budget.attempt(1, started: time, status: 200, outcome: .success))
    }

    @Test("a 429 retry then a success: two requests, one attempt of the budget")
    func throttledThenSucceeded() throws {
        try Budget.withStore(rows: 1) { store in
            _ = try store.claim(limit: 1, now: 0)
            try store.record([Budget.retry(1, counts: Budget.throttle, at: 10, attempt: Budget.attempt(1, started: 0))])
            let again = try #require(try store.claim(limit: 1, now: 10).first)
            #expect(again.attempts == 0)
            try store.record([Self.succeeded(1, at: 10)])
            let row = try #require(try Self.rows(store).first)
            #expect(row.state == .succeeded)
            #expect(row.requests == 2)
            #expect(row.attempts == 1)
            #expect(ResultsCSVWriter.fields(row)[9] == "2")
            #expect(try RowDigest.make(store: store).totals.requests == 2)
            #expect(try RowDigest.make(store: store).rowsPerRequests.sorted { $0.key < $1.key }.map { [$0.key, $0.value] } == [[2, 1]])
        }
    }

    @Test("an outage retry keeps its request; a 503 retry counts in both")
    func outageAndTransient() throws {
        try Budget.withStore(rows: 2) { store in
            _ = try store.claim(limit: 2, now: 0)
            try store.record([Budget.retry(1, counts: Budget.free), Budget.retry(2, counts: Budget.attempt)])
            let rows = try Self.rows(store)
            #expect(rows.map(\.requests) == [1, 1])
            #expect(rows.map(\.attempts) == [0, 1])
        }
    }

    @Test("a claim released unsent counts no request; one released after a refused request counts it")
    func released() throws {
        try Budget.withStore(rows: 2) { store in
            _ = try store.claim(limit: 2, now: 0)
            try store.record([
                RowOutcome(rowId: 1, resolution: .released(), finishedAt: 1),
                RowOutcome(rowId: 2, resolution: .released(), counts: Budget.free, httpStatus: 401, sentAt: 0, finishedAt: 1,
                           attempt: Budget.attempt(1, started: 0, status: 401, outcome: .fatal)),
            ])
            let rows = try Self.rows(store)
            #expect(rows.map(\.state) == [.pending, .pending])
            #expect(rows.map(\.requests) == [0, 1])
            #expect(rows.map(\.attempts) == [0, 0])
            #expect(try RowDigest.make(store: store).totals.requests == 1)
        }
    }

    @Test("a row in flight when a run died keeps its request when it is sent again")
    func resentAfterCrash() throws {
        try Budget.withStore(rows: 1) { store in
            _ = try store.claim(limit: 1, now: 0)
            #expect(try store.recoverInFlight(resend: true) == 1)
            _ = try store.claim(limit: 1, now: 5)
            try store.record([Self.succeeded(1, at: 5)])
            let row = try #require(try Self.rows(store).first)
            #expect(row.requests == 2)
            #expect(row.firstSentAt == 5)
        }
    }

    @Test("a version 4 database migrates to the current version with requests taken from attempts")
    func migrationFromVersion4() throws {
        try withTempDir { dir in
            let path = dir.path("job.sqlite")
            try Self.oldDatabase(path, version: 4, """
                INSERT INTO rows(id, line, state, identifier_name, identifier_value, label, reason, source, raw, attempts)
                VALUES(1, 2, 'gave_up', 'mobile', '919800000001', 'VIP', 'Quarterly review', 'INSTORE', 'raw', 3);
                """)
            let store = try JobStore(path: path)
            let row = try #require(try Self.rows(store).first)
            #expect(row.requests == 3)
            #expect(row.attempts == 3)
            #expect(try store.database.scalarInt("PRAGMA user_version") == Schema.currentVersion)
            #expect(Schema.currentVersion == 9)
            // Version 9: timed-out updates have their own index (every report counts them per row).
            #expect(try store.database.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'attempts_timed_out'") == 1)
            // Version 6: rows in flight are indexed; the attempt history has a covering index in start order.
            #expect(try store.database.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'rows_in_flight'") == 1)
            #expect(try store.database.scalarInt(
                "SELECT COUNT(*) FROM pragma_index_info('attempts_started')") == 5)
        }
    }

    @Test("a version 6 database: rows left in flight give back what their claim counted, so recovery counts once")
    func migrationFromVersion6() throws {
        try withTempDir { dir in
            let path = dir.path("job.sqlite")
            try Self.oldDatabase(path, version: 6, """
                INSERT INTO rows(id, line, state, identifier_name, identifier_value, label, reason, source, raw,
                                 attempts, requests)
                VALUES(1, 2, 'in_flight', 'mobile', '919800000001', 'VIP', 'Quarterly review', 'INSTORE', 'raw', 2, 3),
                      (2, 3, 'waiting', 'mobile', '919800000002', 'VIP', 'Quarterly review', 'INSTORE', 'raw', 1, 1);
                """)
            let store = try JobStore(path: path)
            #expect(try store.recoverInFlight(resend: true) == 1)
            let rows = try Self.rows(store)
            #expect(rows.map(\.attempts) == [2, 1])
            #expect(rows.map(\.requests) == [3, 1])
        }
    }

    @Test("a version 7 database: a row left in flight is bounded by its run's start; one recovered for a blind resend is read back first")
    func migrationFromVersion7() throws {
        try withTempDir { dir in
            let path = dir.path("job.sqlite")
            try Self.oldDatabase(path, version: 7, """
                INSERT INTO runs(id, started_at) VALUES(1, 1000), (2, 5000);
                INSERT INTO rows(id, line, state, identifier_name, identifier_value, label, reason, source, raw,
                                 attempts, requests, unknown_count, first_sent_at)
                VALUES(1, 2, 'in_flight', 'mobile', '919800000001', 'VIP', 'Quarterly review', 'INSTORE', 'raw', 0, 0, 0, NULL),
                      (2, 3, 'pending', 'mobile', '919800000002', 'VIP', 'Quarterly review', 'INSTORE', 'raw', 1, 1, 1, NULL),
                      (3, 4, 'succeeded', 'mobile', '919800000003', 'VIP', 'Quarterly review', 'INSTORE', 'raw', 1, 1, 0, 900);
                """)
            let store = try JobStore(path: path)
            #expect(try store.recoverInFlight(resend: true, readBack: true) == 1)
            let claimed = try store.claim(limit: 5, now: 9000)
            #expect(claimed.map(\.id) == [1, 2])
            #expect(claimed.map(\.step) == [.confirm, .confirm])
            #expect(claimed.map(\.firstClaimedAt) == [5000, 5000])
            #expect(try Self.rows(store).map(\.confirmation) == [nil, nil, .answer])
        }
    }
}
