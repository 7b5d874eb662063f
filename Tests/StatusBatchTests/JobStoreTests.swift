import Foundation
import Testing
@testable import StatusBatch

/// JobStore (real SQLite in a temporary folder): ingest, duplicates, claiming, recovery, counts, reopening.
@Suite("JobStore")
struct JobStoreTests {
    /// Rows by id: states, lines and whatever else a test asks for.
    static func rows(_ store: JobStore) throws -> [StoredRow] {
        var rows: [StoredRow] = []
        try store.forEachRow { rows.append($0) }
        return rows
    }

    static func withStore<T>(_ body: (JobStore, TempDir) throws -> T) throws -> T {
        try withTempDir { dir in try body(try JobStore(path: dir.path("job.sqlite")), dir) }
    }

    /// Five valid rows (lines 2...6) for five different customers.
    static func insertFive(_ store: JobStore) throws {
        try store.insert((1...5).map { ingested(line: $0 + 1, mobileUpdate("91980000000\($0)")) }, firstId: 1)
    }

    @Test("insert keeps what was read; rejected rows are stored as rejected")
    func insert() throws {
        try Self.withStore { store, _ in
            let bad = CustomerUpdate(identifierName: "phone", identifierValue: "1", label: "VIP", reason: "r", source: "INSTORE")
            try store.insert([ingested(line: 2, mobileUpdate("9198001")), ingested(line: 4, bad, rejection: "unknown name")],
                             firstId: 1)
            let rows = try Self.rows(store)
            #expect(try store.rowCount() == 2)
            #expect(rows.map(\.id) == [1, 2])
            #expect(rows.map(\.line) == [2, 4])
            #expect(rows.map(\.state) == [.pending, .rejected])
            #expect(rows[0].update == mobileUpdate("9198001"))
            #expect(rows[0].raw == "mobile,9198001,VIP,Quarterly review")
            #expect(rows[1].rejectReason == "unknown name")
            #expect(rows[1].update == bad)
            #expect(rows[0].attempts == 0 && rows[0].unknownCount == 0 && rows[0].httpStatus == nil)
        }
    }

    /// Three customers with repeats (one repeat rejected; an email in two cases) and one without.
    static let repeatedCustomers = [
        ingested(line: 2, mobileUpdate("9198001", label: "A")),
        ingested(line: 3, mobileUpdate("9198002")),
        ingested(line: 5, mobileUpdate("9198001", label: "B")),
        ingested(line: 6, mobileUpdate("9198001", label: "C"), rejection: "label bad"),
        ingested(line: 8, mobileUpdate("9198001", label: "D")),
        ingested(line: 9, CustomerUpdate(identifierName: "email", identifierValue: "Ann@X.com", label: "A",
                                         reason: "r", source: "INSTORE")),
        ingested(line: 10, CustomerUpdate(identifierName: "email", identifierValue: "ann@x.COM", label: "B",
                                          reason: "r", source: "INSTORE")),
        ingested(line: 11, CustomerUpdate(identifierName: "externalId", identifierValue: "9198002", label: "A",
                                          reason: "r", source: "INSTORE")),
    ]

    @Test("earlier rows of the same customer are superseded by the last one")
    func supersede() throws {
        try Self.withStore { store, _ in
            try store.insert(Self.repeatedCustomers, firstId: 1)
            #expect(try store.supersedeDuplicates() == 3)
            let rows = try Self.rows(store)
            #expect(rows.map(\.state) == [.superseded, .pending, .superseded, .rejected, .pending, .superseded, .pending, .pending])
            #expect(rows.map(\.supersededByLine) == [8, nil, 8, nil, nil, 10, nil, nil])
            _ = try store.supersedeDuplicates()
            #expect(try Self.rows(store).map(\.supersededByLine) == [8, nil, 8, nil, nil, 10, nil, nil])
        }
    }

    @Test("looking only at the duplicate watch's candidates supersedes the same rows; no candidate, no change")
    func supersedeAmongCandidates() throws {
        let records = Self.repeatedCustomers
        var watch = DuplicateWatch()
        for record in records where record.rejection == nil { watch.see(record.update.customerKey) }
        let candidates = try #require(watch.candidates)
        #expect(Set(candidates) == [mobileUpdate("9198001").customerKey, records[5].update.customerKey])
        try Self.withStore { store, _ in
            try store.insert(records, firstId: 1)
            #expect(try store.supersedeDuplicates(among: candidates) == 3)
            let rows = try Self.rows(store)
            #expect(rows.map(\.state) == [.superseded, .pending, .superseded, .rejected, .pending, .superseded, .pending, .pending])
            #expect(rows.map(\.supersededByLine) == [8, nil, 8, nil, nil, 10, nil, nil])
        }
        try Self.withStore { store, _ in
            try store.insert(records, firstId: 1)
            #expect(try store.supersedeDuplicates(among: []) == 0)
            #expect(try Self.rows(store).filter { $0.state == .superseded }.isEmpty)
        }
    }

    @Test("two spellings of one accented address are two customers to SQLite: the one that repeats is superseded")
    func supersedeBySpelling() throws {
        let composed = "jos\u{E9}@example.com", decomposed = "jose\u{301}@example.com"
        func email(_ value: String, _ label: String) -> CustomerUpdate {
            CustomerUpdate(identifierName: "email", identifierValue: value, label: label, reason: "r", source: "INSTORE")
        }
        // Swift takes the two as equal; the stored bytes differ.
        #expect(email(composed, "A").customerKey == email(decomposed, "B").customerKey)
        let records = [ingested(line: 2, email(composed, "A")), ingested(line: 3, email(decomposed, "B")),
                       ingested(line: 4, email(composed, "C"))]
        var watch = DuplicateWatch()
        for record in records { watch.see(record.update.customerKey) }
        let candidates = try #require(watch.candidates)
        #expect(Set(candidates.map { Array($0.utf8) }) == Set([Array(email(composed, "").customerKey.utf8),
                                                              Array(email(decomposed, "").customerKey.utf8)]))
        try Self.withStore { store, _ in
            try store.insert(records, firstId: 1)
            #expect(try store.supersedeDuplicates(among: candidates) == 1)
            #expect(try Self.rows(store).map(\.state) == [.superseded, .pending, .pending])
        }
    }

    @Test("the claim's query of sendable rows is answered from the sendable index, not a scan")
    func claimUsesTheSendableIndex() throws {
        try Self.withStore { store, _ in
            try store.insert((1...50).map { ingested(line: $0 + 1, mobileUpdate("91980\($0)")) }, firstId: 1)
            try store.beginBulkLoad()
            try store.endBulkLoad()
            for query in [
                "SELECT id FROM rows WHERE \(RowState.sqlCondition(RowState.sendable)) AND next_attempt_at <= 5 ORDER BY next_attempt_at, id LIMIT 5",
                "SELECT MIN(next_attempt_at) FROM rows WHERE \(RowState.sqlCondition(RowState.sendable))",
            ] {
                let plan = try store.database.prepare("EXPLAIN QUERY PLAN " + query)
                var details: [String] = []
                while try plan.step() { details.append(plan.text(3) ?? "") }
                plan.reset()
                #expect(details.contains { $0.contains("USING INDEX rows_sendable") }, "\(query): \(details)")
            }
        }
    }

    @Test("under a source with accounts the customer is the identifier in one account: two WeChat accounts, two customers")
    func supersedePerAccount() throws {
        func wechat(_ account: String, _ label: String, source: String = "WECHAT") -> CustomerUpdate {
            CustomerUpdate(identifierName: "mobile", identifierValue: "9198001", label: label, reason: "r", source: source,
                           accountId: account)
        }
        try Self.withStore { store, _ in
            try store.insert([
                ingested(line: 2, wechat("wx-a", "A")),
                ingested(line: 3, wechat("wx-b", "B")),
                ingested(line: 4, wechat("wx-a", "C")),
                ingested(line: 5, wechat("fb-a", "D", source: "FACEBOOK")),
                ingested(line: 6, mobileUpdate("9198001", label: "E")),
            ], firstId: 1)
            #expect(try store.supersedeDuplicates() == 1)
            let rows = try Self.rows(store)
            #expect(rows.map(\.state) == [.superseded, .pending, .pending, .pending, .pending])
            #expect(rows.map(\.supersededByLine) == [4, nil, nil, nil, nil])
        }
    }

    @Test("claim returns rows in input order with the attempts already spent, and never returns them twice; rejected rows never")
    func claim() throws {
        try Self.withStore { store, _ in
            try store.insert([ingested(line: 2, mobileUpdate("1"), rejection: "bad")], firstId: 1)
            try store.insert((2...6).map { ingested(line: $0 + 1, mobileUpdate("919800000\($0)")) }, firstId: 2)
            let first = try store.claim(limit: 3, now: 100)
            #expect(first.map(\.id) == [2, 3, 4])
            #expect(first.map(\.line) == [3, 4, 5])
            #expect(first.map(\.attempts) == [0, 0, 0])
            #expect(first.first?.update == mobileUpdate("9198000002"))
            #expect(try store.countsByState() == [.rejected: 1, .inFlight: 3, .pending: 2])
            #expect(try store.claim(limit: 3, now: 100).map(\.id) == [5, 6])
            #expect(try store.claim(limit: 3, now: 100).isEmpty)
            #expect(try store.countsByState() == [.rejected: 1, .inFlight: 5])
            #expect(try store.nextSendableTime() == nil)
        }
    }

    @Test("a waiting row is claimed only once its next attempt is due, with the attempt its answer spent")
    func waitingRows() throws {
        try Self.withStore { store, _ in
            try Self.insertFive(store)
            _ = try store.claim(limit: 1, now: 100)
            try store.record([RowOutcome(rowId: 1, resolution: .retry(at: 200, code: nil, message: "HTTP 503: busy"),
                                         counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 503, latencyMs: 5, sentAt: 100, finishedAt: 100.005)])
            #expect(try store.claim(limit: 10, now: 150).map(\.id) == [2, 3, 4, 5])
            #expect(try store.nextSendableTime() == 200)
            #expect(try store.claim(limit: 10, now: 199.999).isEmpty)
            let retried = try store.claim(limit: 10, now: 200)
            #expect(retried.map(\.id) == [1])
            #expect(retried.map(\.attempts) == [1])
        }
    }

    @Test("answers commit at synchronous NORMAL (the next claim's sync carries them); the job's level is back after")
    func answersCommitWithoutTheirOwnSync() throws {
        for (durability, level) in [(JobStore.Durability.powerLoss, 2), (.processCrash, 1)] {
            try withTempDir { dir in
                let store = try JobStore(path: dir.path("job.sqlite"), durability: durability)
                try Self.insertFive(store)
                _ = try store.claim(limit: 1, now: 100)
                #expect(try store.database.scalarInt("PRAGMA synchronous") == level)
                try store.record([RowOutcome(rowId: 1, resolution: .succeeded(createdId: "1", warnings: nil),
                                             counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 200, latencyMs: 5,
                                             sentAt: 100, finishedAt: 100.005)], readsBack: true)
                #expect(try store.database.scalarInt("PRAGMA synchronous") == level)
                #expect(try Self.rows(store)[0].state == .succeeded)
            }
        }
    }

    @Test("rows read for the reports carry the record's own text only where failed.csv needs it")
    func rowsForReports() throws {
        try Self.withStore { store, _ in
            try Self.insertFive(store)
            _ = try store.claim(limit: 2, now: 100)
            try store.record([
                RowOutcome(rowId: 1, resolution: .succeeded(createdId: "7", warnings: nil),
                           counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 200, latencyMs: 5, sentAt: 100, finishedAt: 100.005),
                RowOutcome(rowId: 2, resolution: .failed(code: "8015", message: "Customer not found"),
                           counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 400, latencyMs: 5, sentAt: 100, finishedAt: 100.005),
            ])
            var full: [StoredRow] = []
            var fields: [[String]] = [], records: [ReportRow.Record?] = []
            try store.forEachRow { full.append($0) }
            try DerivedFields.forEachRow(of: store) { row, derived in
                fields.append(ResultsCSVWriter.fields(row, derived: derived))
                records.append(row.record)
            }
            // The report rows show what the stored rows show; only the failed one (row 2) carries its record.
            #expect(fields == full.map(ResultsCSVWriter.fields) && fields.count == 5)
            #expect(records.map { $0 != nil } == [false, true, false, false, false])
            #expect(records[1]?.raw == "mobile,919800000002,VIP,Quarterly review")
            #expect(records[1]?.update == full[1].update)
            #expect(full[0].raw.isEmpty == false && full[0].update.reason.isEmpty == false)
        }
    }

    @Test("only answers, and only when uncertain rows are read back, may wait for the next sync")
    func whichCommitsMayWait() {
        func outcome(_ resolution: RowResolution) -> RowOutcome {
            RowOutcome(rowId: 1, resolution: resolution, counts: RequestCounts(requests: 1, attempts: 1), finishedAt: 1)
        }
        let answers = [outcome(.succeeded(createdId: "1", warnings: nil)), outcome(.failed(code: "8015", message: "m")),
                       outcome(.retry(at: 5, code: nil, message: "503")), outcome(.uncertain(at: 5, code: nil, message: "t"))]
        #expect(JobStore.mayWaitForSync(answers, readsBack: true))
        #expect(!JobStore.mayWaitForSync(answers, readsBack: false))
        #expect(!JobStore.mayWaitForSync(answers + [outcome(.released(step: .send))], readsBack: true))
        #expect(!JobStore.mayWaitForSync(answers + [outcome(.stepDone(next: .send))], readsBack: true))
    }

    @Test("record commits several outcomes in one call")
    func groupCommit() throws {
        try Self.withTempDirStore { path in
            let store = try JobStore(path: path)
            try Self.insertFive(store)
            #expect(try store.claim(limit: 5, now: 1000).count == 5)
            try store.record([
                RowOutcome(rowId: 1, resolution: .succeeded(createdId: "566881933", warnings: nil), counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 200,
                           latencyMs: 12.5, sentAt: 1000, finishedAt: 1000.0125),
                RowOutcome(rowId: 2, resolution: .failed(code: "8015", message: "Customer not found"), counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 400,
                           latencyMs: 3, sentAt: 1001, finishedAt: 1001.003),
                RowOutcome(rowId: 3, resolution: .retry(at: 1010, code: nil, message: "HTTP 503: empty body"), counts: RequestCounts(requests: 1, attempts: 1),
                           httpStatus: 503, sentAt: 1002, finishedAt: 1002.5),
                RowOutcome(rowId: 4, resolution: .gaveUp(code: nil, message: "HTTP 503: empty body"), counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 503,
                           sentAt: 1003, finishedAt: 1003.5),
                RowOutcome(rowId: 5, resolution: .released(), finishedAt: 1004),
            ])
            // A fresh connection sees everything: it was committed.
            let rows = try Self.rows(try JobStore(path: path))
            #expect(rows.map(\.state) == [.succeeded, .failed, .waiting, .gaveUp, .pending])
            #expect(rows.map(\.attempts) == [1, 1, 1, 1, 0])
            #expect(rows.map(\.httpStatus) == [200, 400, 503, 503, nil])
            #expect(rows.map(\.apiCode) == [nil, "8015", nil, nil, nil])
            #expect(rows.map(\.apiMessage) == [nil, "Customer not found", "HTTP 503: empty body", "HTTP 503: empty body", nil])
            #expect(rows.map(\.createdId) == ["566881933", nil, nil, nil, nil])
            #expect(rows.map(\.nextAttemptAt) == [0, 0, 1010, 0, 0])
            #expect(rows.map(\.firstSentAt) == [1000, 1001, 1002, 1003, nil])
            #expect(rows.map(\.finishedAt) == [1000.0125, 1001.003, 1002.5, 1003.5, nil])
            #expect(rows.map(\.latencyMs) == [12.5, 3, nil, nil, nil])
            #expect(try RowDigest.make(store: store).errorCodes == ["8015": 1, "HTTP 503": 1])
        }
    }

    @Test("an outcome for a row that is not in flight changes nothing")
    func outcomeForUnclaimedRow() throws {
        try Self.withStore { store, _ in
            try Self.insertFive(store)
            try store.record([RowOutcome(rowId: 2, resolution: .succeeded(createdId: "1", warnings: nil), finishedAt: 5),
                              RowOutcome(rowId: 3, resolution: .released(), finishedAt: 5)])
            let rows = try Self.rows(store)
            #expect(rows.map(\.state) == [.pending, .pending, .pending, .pending, .pending])
            #expect(rows.map(\.attempts) == [0, 0, 0, 0, 0])
        }
    }

    @Test("recoverInFlight(resend: true) makes in-flight rows pending and flags them")
    func recoverResend() throws {
        try Self.withStore { store, _ in
            try Self.insertFive(store)
            _ = try store.claim(limit: 2, now: 10)
            #expect(try store.recoverInFlight(resend: true) == 2)
            let rows = try Self.rows(store)
            #expect(rows.map(\.state) == [.pending, .pending, .pending, .pending, .pending])
            #expect(rows.map(\.unknownCount) == [1, 1, 0, 0, 0])
            #expect(rows.map(\.attempts) == [1, 1, 0, 0, 0])
            #expect(rows.map(\.uncertainCount) == [1, 1, 0, 0, 0])
            // Flagged once they succeed by a blind resend (no read-back settled them).
            #expect(try RowDigest.make(store: store).totals.resentAfterUnknown == 0)
            #expect(try store.recoverInFlight(resend: true) == 0)
            #expect(try store.claim(limit: 10, now: 10).map(\.id) == [1, 2, 3, 4, 5])
        }
    }

    @Test("recoverInFlight(resend: false) leaves in-flight rows unknown")
    func recoverUnknown() throws {
        try Self.withStore { store, _ in
            try Self.insertFive(store)
            _ = try store.claim(limit: 3, now: 10)
            #expect(try store.recoverInFlight(resend: false) == 3)
            #expect(try store.countsByState() == [.unknown: 3, .pending: 2])
            #expect(try Self.rows(store).map(\.unknownCount) == [1, 1, 1, 0, 0])
            #expect(try store.claim(limit: 10, now: 10).map(\.id) == [4, 5])
        }
    }

    @Test("metadata and runs survive reopening the same file")
    func reopen() throws {
        try Self.withTempDirStore { path in
            do {
                let store = try JobStore(path: path)
                try Self.insertFive(store)
                try store.setMeta([JobMetaKey.inputFormat: "csv", JobMetaKey.header: #"["mobile","label"]"#])
                try store.setMeta([JobMetaKey.inputFormat: "jsonl"])
                let run = try store.startRun(at: 50)
                _ = try store.claim(limit: 2, now: 60)
                try store.endRun(run, at: 70, exitStatus: 3, requests: 2)
            }
            let reopened = try JobStore(path: path)
            #expect(try reopened.meta(JobMetaKey.inputFormat) == "jsonl")
            #expect(try reopened.meta(JobMetaKey.header) == #"["mobile","label"]"#)
            #expect(try reopened.meta("no.such.key") == nil)
            #expect(try reopened.countsByState() == [.inFlight: 2, .pending: 3])
            let runs = try reopened.runs()
            #expect(runs.map(\.id) == [1])
            #expect(runs.first?.startedAt == 50)
            #expect(runs.first?.endedAt == 70)
            #expect(runs.first?.exitStatus == 3)
            #expect(runs.first?.requests == 2)
            try reopened.clearJob()
            #expect(try reopened.rowCount() == 0)
            #expect(try reopened.meta(JobMetaKey.inputFormat) == nil)
            #expect(try reopened.runs().isEmpty)
        }
    }

    @Test("a database from a newer schema is refused with a usage error")
    func newerSchema() throws {
        try Self.withTempDirStore { path in
            _ = try JobStore(path: path)
            try SQLiteDatabase(path: path).execute("PRAGMA user_version = \(Schema.currentVersion + 1)")
            let error = #expect(throws: StatusBatchError.self) { _ = try JobStore(path: path) }
            #expect(error?.status == .usageError)
            #expect(error?.message.contains("schema version \(Schema.currentVersion + 1)") == true)
        }
    }

    @Test("a path that cannot be opened is a usage error")
    func unopenable() throws {
        try withTempDir { dir in
            let error = #expect(throws: StatusBatchError.self) { _ = try JobStore(path: dir.path("missing/dir/job.sqlite")) }
            #expect(error?.status == .usageError)
        }
    }

    static func withTempDirStore(_ body: (String) throws -> Void) throws {
        try withTempDir { dir in try body(dir.path("job.sqlite")) }
    }
}
