import Foundation
import Testing
@testable import StatusBatch

/// Cells the tool writes cannot be executed by spreadsheets, and failed.csv still reads back exactly.
@Suite("Spreadsheet safety")
struct SpreadsheetSafetyTests {
    @Test("cells starting with = + - @ tab or CR get a leading quote; others are untouched",
          arguments: ["=SUM(A1)", "+919800000001", "-5", "@cmd", "\tx", "\rx"])
    func neutralized(cell: String) {
        #expect(SpreadsheetSafety.neutralize(cell) == "'" + cell)
        #expect(SpreadsheetSafety.restore(SpreadsheetSafety.neutralize(cell)) == cell)
    }

    @Test("ordinary cells and quotes not followed by a trigger stay as they are",
          arguments: ["919800000001", "a@b.com", "'quoted", "", "Gold"])
    func untouched(cell: String) {
        #expect(SpreadsheetSafety.neutralize(cell) == cell)
        #expect(SpreadsheetSafety.restore(cell) == cell)
    }

    @Test("a +91 identifier that failed round-trips through failed.csv unchanged")
    func failedRoundTrip() throws {
        try withTempDir { dir in
            let input = try dir.write("in.csv", "mobile,label,reason\n+919800000001,Gold,=1+1\n")
            let store = try JobStore(path: dir.path("job.sqlite"))
            let reader = try InputReader(path: input, defaults: InputDefaults())
            var records: [IngestedRecord] = []
            while let record = try reader.next() { records.append(record) }
            #expect(records.first?.update.identifierValue == "+919800000001")
            try store.insert(records, firstId: 1)
            let header = String(decoding: try JSONEncoder().encode(reader.header), as: UTF8.self)
            try store.setMeta([JobMetaKey.header: header, JobMetaKey.inputFormat: "csv"])
            _ = try store.claim(limit: 1, now: 0)
            try store.record([RowOutcome(rowId: 1, resolution: .failed(code: "8015", message: "not found"), finishedAt: 1)])
            try FailedRowsWriter.write(store: store, header: reader.header, to: dir.path("failed.csv"))
            let written = try dir.read("failed.csv")
            #expect(written.contains("'+919800000001"), "neutralized in the file: \(written)")
            #expect(written.contains("'=1+1"))
            let again = try InputReader(path: dir.path("failed.csv"), defaults: InputDefaults())
            let back = try #require(try again.next())
            #expect(back.rejection == nil)
            #expect(back.update.identifierValue == "+919800000001")
            #expect(back.update.reason == "=1+1")
            try ResultsCSVWriter.write(store: store, to: dir.path("results.csv"))
            #expect(try dir.read("results.csv").contains(",'+919800000001,"))
        }
    }
}
