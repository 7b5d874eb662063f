import Foundation
import Testing
@testable import StatusBatch

/// FailedRowsWriter: failed, gave-up and unknown rows in the input's columns, readable as the next input.
@Suite("FailedRowsWriter")
struct FailedRowsWriterTests {
    static let failedStates: Set<RowState> = [.failed, .gaveUp, .unknown]

    @Test("CSV input: the original header and the rows' raw lines")
    func csvInput() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let path = fixture.dir.path("failed.csv")
        let count = try FailedRowsWriter.write(store: fixture.store, header: ["mobile", "label", "reason"], to: path)
        #expect(count == 3)
        #expect(try fixture.dir.read("failed.csv") == """
            mobile,label,reason
            919800000002,VIP,"needs, comma
            and ""quotes\"""
            919800000003,VIP,upgrade
            919800000004,VIP,upgrade

            """)
    }

    @Test("CSV input: failed.csv read back through InputReader gives the same updates")
    func csvRoundTrip() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let path = fixture.dir.path("failed.csv")
        try FailedRowsWriter.write(store: fixture.store, header: ["mobile", "label", "reason"], to: path)
        let records = try readAll(InputReader(path: path, defaults: InputDefaults()))
        #expect(records.map(\.rejection) == [nil, nil, nil])
        #expect(records.map(\.line) == [2, 4, 5])
        #expect(records.map(\.update) == (try fixture.updates(states: Self.failedStates)))
        #expect(records.first?.update.reason == "needs, comma\nand \"quotes\"")
    }

    @Test("JSONL input: canonical columns, read back to the same updates")
    func jsonlInput() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            let wechat = CustomerUpdate(identifierName: "wechat", identifierValue: "wx, 1", label: "VIP", reason: "r \"q\"",
                                        source: "WECHAT", accountId: "acc1", createdOn: "2026-01-31T09:30:00Z")
            try store.insert([ingested(line: 1, wechat), ingested(line: 2, mobileUpdate("9198002"))], firstId: 1)
            _ = try store.claim(limit: 2, now: 0)
            try store.record([RowOutcome(rowId: 1, resolution: .failed(code: "8015", message: "x"), finishedAt: 1),
                              RowOutcome(rowId: 2, resolution: .succeeded(createdId: nil, warnings: nil), finishedAt: 1)])
            let path = dir.path("failed.csv")
            #expect(try FailedRowsWriter.write(store: store, header: nil, to: path) == 1)
            #expect(try dir.read("failed.csv") ==
                "identifierName,identifierValue,label,reason,source,accountId,createdOn\n"
                + #"wechat,"wx, 1",VIP,"r ""q""",WECHAT,acc1,2026-01-31T09:30:00Z"# + "\n")
            let back = try readAll(InputReader(path: path, defaults: InputDefaults()))
            #expect(back.map(\.update) == [wechat])
            #expect(back.map(\.rejection) == [nil])
        }
    }

    @Test("no failed rows: only the header")
    func headerOnly() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            try store.insert([ingested(line: 2, mobileUpdate("1"))], firstId: 1)
            #expect(try FailedRowsWriter.write(store: store, header: ["mobile", "label"], to: dir.path("f.csv")) == 0)
            #expect(try dir.read("f.csv") == "mobile,label\n")
        }
    }
}
