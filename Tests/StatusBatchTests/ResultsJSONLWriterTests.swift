import Foundation
import Testing
@testable import StatusBatch

/// results.jsonl holds the same records as results.csv, with typed values.
@Suite("ResultsJSONLWriter")
struct ResultsJSONLWriterTests {
    @Test("one JSON object per row, the results.csv keys, typed values")
    func sameRecords() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        try ResultsJSONLWriter.write(store: fixture.store, to: fixture.dir.path("results.jsonl"))
        let lines = try fixture.lines("results.jsonl")
        var rows: [StoredRow] = []
        try fixture.store.forEachRow { rows.append($0) }
        #expect(lines.count == rows.count)
        for (line, row) in zip(lines, rows) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == Set(ResultsCSVWriter.columns))
            #expect(object["line"] as? Int == row.line)
            #expect(object["outcome"] as? String == RowOutcomeName.of(row.state))
            #expect(object["attempts"] as? Int == row.requests)
            let csv = ResultsCSVWriter.fields(row)
            #expect(object["message"] as? String == csv[7])
            #expect(object["warnings"] is [Any])
        }
        let succeeded = try #require(lines.first { $0.contains(#""outcome":"succeeded""#) })
        #expect(succeeded.contains(#""warnings":[{"code":"W1","message":"label unchanged"}]"#))
        #expect(succeeded.contains(#""http_status":200"#))
    }
}
