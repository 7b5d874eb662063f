import Foundation
import Testing
@testable import StatusBatch

/// ResultsCSVWriter: one line per input record, in input order, with the documented columns.
@Suite("ResultsCSVWriter")
struct ResultsCSVWriterTests {
    static let header = "line,identifierName,identifierValue,label,outcome,http_status,code,message,created_id,attempts,"
        + "resent_after_unknown,superseded_by_line,warnings,first_sent_at,finished_at,latency_ms,timeouts,request_id,"
        + "confirmation,verification,previous_label,reads,created_on"

    @Test("results.csv: header and one exact line per row in input order")
    func results() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        try ResultsCSVWriter.write(store: fixture.store, to: fixture.dir.path("results.csv"))
        #expect(try fixture.lines("results.csv") == [
            Self.header,
            "2,mobile,919800000001,VIP,superseded,,,superseded by line 7,,0,,7,,,,,,,,,,,",
            "3,mobile,919800000002,VIP,failed,400,8015,Customer not found,,1,,,,2023-11-14T22:13:20.000Z,2023-11-14T22:13:20.250Z,250.0,,,,,,,",
            "5,mobile,919800000003,VIP,gave_up,503,,HTTP 503: empty body,,1,,,,2023-11-14T22:13:21.000Z,2023-11-14T22:13:21.500Z,500.0,,,,,,,",
            "6,,,VIP,rejected,,,no identifier: every identifier column (mobile) is empty,,0,,,,,,,,,,,,,",
            "7,mobile,919800000001,GOLD,succeeded,200,,,566881933,1,,,\"[{\"\"code\"\":\"\"W1\"\",\"\"message\"\":\"\"label unchanged\"\"}]\","
                + "2023-11-14T22:13:22.000Z,2023-11-14T22:13:22.250Z,250.0,,,answer,,,,",
            "8,mobile,919800000004,VIP,unknown,,,may have been sent: in flight when an earlier run stopped,,1,,,,,,,,,,,,,",
            "9,mobile,919800000005,VIP,pending,,,,,0,,,,,,,,,,,,,",
            "10,mobile,919800000006,VIP,uncertain,,,may have been applied (timeout: read timed out): the next run reads it back "
                + "before sending again,,1,,,,2023-11-14T22:13:22.500Z,2023-11-14T22:13:23.500Z,,,,,,,,",
        ])
    }

    @Test("results.csv parses back into the same fields")
    func parsesBack() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let path = fixture.dir.path("results.csv")
        try ResultsCSVWriter.write(store: fixture.store, to: path)
        let records = try parseCSV(path: path)
        #expect(records.first?.fields == ResultsCSVWriter.columns)
        var expected: [[String]] = []
        try fixture.store.forEachRow { expected.append(ResultsCSVWriter.fields($0)) }
        #expect(records.dropFirst().map(\.fields) == expected)
        #expect(records.allSatisfy { $0.problem == nil && $0.fields.count == 23 })
    }

    @Test("a row's line, written field by field, is the bytes of its fields made safe and joined")
    func lineIsTheFieldsJoined() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        var rows = 0
        try fixture.store.forEachRow { row in
            rows += 1
            #expect(ResultsCSVWriter.line(row) == CSVLine.encode(ResultsCSVWriter.fields(row).map(SpreadsheetSafety.neutralize)))
        }
        #expect(rows > 5)
    }

    @Test("created_on is the createdOn sent: UTC, whole seconds, in both results files")
    func createdOnAsSent() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            var update = mobileUpdate("9198001")
            update.createdOn = "2026-01-31T15:00:00+05:30"
            guard case .success(let sent) = RowValidator.validate(update) else { Issue.record("rejected"); return }
            try store.insert([ingested(line: 2, sent)], firstId: 1)
            var csv: [String] = [], jsonl: [String] = []
            try store.forEachRow { csv = ResultsCSVWriter.fields($0); jsonl.append(ResultsJSONLWriter.line($0)) }
            #expect(csv.last == "2026-01-31T09:30:00Z" && ResultsCSVWriter.columns.last == "created_on")
            #expect(jsonl.first?.hasSuffix(#","created_on":"2026-01-31T09:30:00Z"}"#) == true, "\(jsonl)")
        }
    }

    @Test("a row still in flight is reported as unknown with its own message")
    func inFlightRow() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            try store.insert([ingested(line: 2, mobileUpdate("9198001"))], firstId: 1)
            _ = try store.claim(limit: 1, now: 0)
            var fields: [[String]] = []
            try store.forEachRow { fields.append(ResultsCSVWriter.fields($0)) }
            #expect(fields == [["2", "mobile", "9198001", "VIP", "unknown", "", "",
                                "may have been sent: no answer was recorded (the run stopped or timed out waiting)", "", "1", "", "",
                                "", "", "", "", "", "", "", "", "", "", ""]])
        }
    }

    @Test("Timestamp.iso formats UTC with milliseconds")
    func timestamps() {
        #expect(Timestamp.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.iso(1_700_000_000.5) == "2023-11-14T22:13:20.500Z")
        #expect(Timestamp.iso(951_782_400) == "2000-02-29T00:00:00.000Z")
    }

    @Test("a row left unknown (not resent) is not marked resent_after_unknown")
    func unknownIsNotResent() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        var unknown: [[String]] = []
        try fixture.store.forEachRow(states: [.unknown]) { unknown.append(ResultsCSVWriter.fields($0)) }
        #expect(unknown.map { $0[10] } == [""])
    }
}
