import Foundation
import Testing
@testable import StatusBatch

/// UndoWriter: undo.csv puts back the labels read before the job's updates; undo-skipped.csv says which rows
/// are not undone and why.
@Suite("UndoWriter")
struct UndoWriterTests {
    static let t0 = 1_700_000_000.0
    /// The longest reason the validator allows (50 characters).
    static let longReason = "Chargeback fraud confirmed by risk team, ticket 42"
    /// A WeChat row with a comma in its reason, to undo with its accountId.
    static let wechat = CustomerUpdate(identifierName: "wechat", identifierValue: "wx-ann", label: "Gold",
                                       reason: "r, with comma", source: "WECHAT", accountId: "acc-1")

    /// The store's rows by id, as written:
    ///
    /// | id | line | previous | then                                   | in        |
    /// |----|------|----------|----------------------------------------|-----------|
    /// | 1  | 2    | GOLD     | succeeded (long reason)                | undo      |
    /// | 2  | 3    | vip      | succeeded                              | skipped   |
    /// | 3  | 4    | none     | succeeded                              | skipped   |
    /// | 4  | 5    | GOLD     | succeeded, verified mismatched         | skipped   |
    /// | 5  | 6    | not read | succeeded                              | skipped   |
    /// | 6  | 7    | GOLD     | failed 8015                            | neither   |
    /// | 7  | 8    | Silver   | succeeded (WeChat, accountId, comma)   | undo      |
    /// | 8  | 9    | GOLD     | succeeded, waiting for --verify all    | undo      |
    static func buildJob(_ store: JobStore) throws {
        var updates = (1...8).map { mobileUpdate("91980000000\($0)") }
        updates[0].reason = longReason
        updates[6] = wechat
        try store.insert(updates.enumerated().map { ingested(line: $0.offset + 2, $0.element) }, firstId: 1)
        #expect(try store.claim(limit: 10, now: t0, recordPrevious: true).map(\.step) == Array(repeating: .previous, count: 8))
        try store.record([previous(1, "GOLD"), previous(2, "vip"), previous(3, nil), previous(4, "GOLD"),
                          previous(6, "GOLD"), previous(7, "Silver"), previous(8, "GOLD")])
        try store.record([1, 2, 3, 5, 7].map { sent($0, .succeeded(createdId: "56688190\($0)", warnings: nil)) } + [
            sent(4, .succeeded(createdId: "566881904", warnings: nil, verifyNext: true)),
            sent(6, .failed(code: "8015", message: "Customer not found")),
            sent(8, .succeeded(createdId: "566881908", warnings: nil, verifyNext: true), at: t0 + 100),
        ])
        let verifying = try store.claim(limit: 10, now: t0 + 10)
        #expect(verifying.map(\.id) == [4])
        #expect(verifying.map(\.step) == [.verify])
        try store.record([RowOutcome(rowId: 4, resolution: .verified(.mismatched),
                                     counts: RequestCounts(reads: 1), finishedAt: t0 + 11)])
    }

    /// The status-log read of `--record-previous` for row `id`: the label found, nil for none.
    static func previous(_ id: Int, _ label: String?) -> RowOutcome {
        var outcome = RowOutcome(rowId: id, resolution: .stepDone(next: .send), counts: RequestCounts(reads: 1),
                                 finishedAt: t0 + 0.5)
        outcome.previous = PreviousLabel(label: label)
        return outcome
    }

    /// The answer to row `id`'s update.
    static func sent(_ id: Int, _ resolution: RowResolution, at time: Double = t0 + 1) -> RowOutcome {
        RowOutcome(rowId: id, resolution: resolution, counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 200,
                   sentAt: time - 0.5, finishedAt: time)
    }

    /// Builds the job in a fresh folder, writes the undo files there and hands them to `body`.
    static func withUndo<T>(_ body: (JobStore, TempDir, UndoWriter.Counts) throws -> T) throws -> T {
        try JobStoreTests.withStore { store, dir in
            try buildJob(store)
            return try body(store, dir, try UndoWriter.write(store: store, directory: dir.url.path))
        }
    }

    /// The records of a written CSV file, header first.
    static func records(_ dir: TempDir, _ name: String) throws -> [[String]] {
        try parseCSV(path: dir.path(name)).map(\.fields)
    }

    @Test("the fixture records the previous labels it means to")
    func fixture() throws {
        try JobStoreTests.withStore { store, _ in
            try Self.buildJob(store)
            let rows = try JobStoreTests.rows(store)
            #expect(rows.map(\.state) == [.succeeded, .succeeded, .succeeded, .succeeded, .succeeded, .failed, .succeeded,
                                          .verifying])
            #expect(rows.map(\.previous) == [PreviousLabel(label: "GOLD"), PreviousLabel(label: "vip"), PreviousLabel(label: nil),
                                             PreviousLabel(label: "GOLD"), nil, PreviousLabel(label: "GOLD"),
                                             PreviousLabel(label: "Silver"), PreviousLabel(label: "GOLD")])
            #expect(rows[3].verification == .mismatched)
            #expect(try store.previousRecordedCount() == 6)
        }
    }

    @Test("undo.csv puts back the previous label, with `undo: ` and the reason cut to 50 characters")
    func undoFile() throws {
        try Self.withUndo { _, dir, counts in
            #expect(Self.longReason.count == 50)
            #expect(counts == UndoWriter.Counts(undone: 3, skipped: 4))
            let undo = "undo: " + Self.longReason.prefix(44)
            #expect(undo.count == 50)
            let records = try Self.records(dir, "undo.csv")
            #expect(records == [
                ["identifierName", "identifierValue", "source", "accountId", "label", "reason"],
                ["mobile", "919800000001", "INSTORE", "", "GOLD", undo],
                ["wechat", "wx-ann", "WECHAT", "acc-1", "Silver", "undo: r, with comma"],
                ["mobile", "919800000008", "INSTORE", "", "GOLD", "undo: Quarterly review"],
            ])
        }
    }

    @Test("undo-skipped.csv names each succeeded row that is not undone, and why")
    func skippedFile() throws {
        try Self.withUndo { _, dir, _ in
            let records = try Self.records(dir, "undo-skipped.csv")
            #expect(records.first == UndoWriter.skippedColumns)
            let rows = records.dropFirst()
            #expect(rows.map { $0[0] } == ["3", "4", "5", "6"])
            #expect(rows.map { $0[2] } == ["919800000002", "919800000003", "919800000004", "919800000005"])
            #expect(rows.map { $0[4] } == ["vip", "", "GOLD", ""])
            let why = rows.map { $0[5] }
            #expect(why.count == 4)
            guard why.count == 4 else { return }
            #expect(why[0].contains("already had this label"))
            #expect(why[1].contains("no status label"))
            #expect(why[2].contains("no longer this job's") && why[2].contains("not undone blindly"))
            #expect(why[3].contains("not recorded") && why[3].contains("--record-previous"))
        }
    }

    @Test("failed rows appear in neither file, even with a recorded previous label")
    func failedRowsNeverAppear() throws {
        try Self.withUndo { _, dir, _ in
            let undo = try dir.read("undo.csv")
            let skipped = try dir.read("undo-skipped.csv")
            #expect(!undo.contains("919800000006") && !skipped.contains("919800000006"))
        }
    }

    @Test("skipReason and undoFields decide row by row")
    func rowByRow() throws {
        try JobStoreTests.withStore { store, _ in
            try Self.buildJob(store)
            let rows = try JobStoreTests.rows(store)
            #expect(rows.map { UndoWriter.skipReason($0) == nil } == [true, false, false, false, false, true, true, true])
            #expect(UndoWriter.undoFields(rows[6]) == ["wechat", "wx-ann", "WECHAT", "acc-1", "Silver", "undo: r, with comma"])
        }
    }

    @Test("undo.csv reads back through InputReader as valid updates to the previous labels")
    func readsBackAsInput() throws {
        try Self.withUndo { _, dir, _ in
            let records = try readAll(InputReader(path: dir.path("undo.csv"), defaults: InputDefaults()))
            #expect(records.map(\.rejection) == [nil, nil, nil])
            #expect(records.map(\.line) == [2, 3, 4])
            #expect(records.map(\.update) == [
                mobileUpdate("919800000001", label: "GOLD", reason: "undo: " + Self.longReason.prefix(44)),
                CustomerUpdate(identifierName: "wechat", identifierValue: "wx-ann", label: "Silver",
                               reason: "undo: r, with comma", source: "WECHAT", accountId: "acc-1"),
                mobileUpdate("919800000008", label: "GOLD", reason: "undo: Quarterly review"),
            ])
            for record in records {
                if case .failure(let why) = RowValidator.validate(record.update) {
                    Issue.record("line \(record.line): \(why.reason)")
                }
            }
        }
    }

    @Test("a job without any recorded previous label cannot be undone: an error naming --record-previous, no files")
    func nothingRecorded() throws {
        try JobStoreTests.withStore { store, dir in
            try JobStoreTests.insertFive(store)
            _ = try store.claim(limit: 5, now: Self.t0, recordPrevious: true)
            // Only a failed row has a previous label: no succeeded row can be undone.
            try store.record([Self.previous(5, "GOLD")])
            try store.record((1...4).map { Self.sent($0, .succeeded(createdId: "1", warnings: nil)) }
                + [Self.sent(5, .failed(code: "8015", message: "Customer not found"))])
            #expect(try store.previousRecordedCount() == 0)
            let error = #expect(throws: StatusBatchError.self) {
                _ = try UndoWriter.write(store: store, directory: dir.url.path)
            }
            #expect(error?.message.contains("--record-previous") == true)
            #expect(error?.status == .usageError)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix("undo") }
            #expect(left.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: dir.path("undo.csv")))
        }
    }

    @Test("writing again replaces both files with the same content")
    func rewrite() throws {
        try Self.withUndo { store, dir, counts in
            let first = try dir.read("undo.csv") + dir.read("undo-skipped.csv")
            #expect(try UndoWriter.write(store: store, directory: dir.url.path) == counts)
            #expect(try dir.read("undo.csv") + dir.read("undo-skipped.csv") == first)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix("undo") }
            #expect(names.sorted() == ["undo-skipped.csv", "undo.csv"])
        }
    }
}
