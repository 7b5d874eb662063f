import Foundation
import Testing
@testable import StatusBatch

/// The per-row reports made on two threads in chunks are byte for byte what one pass over the rows makes.
@Suite struct RowReportPassTests {
    @Test("past three chunks of rows the two-thread pass writes the same files and digest as one pass, in input order")
    func twoThreadsWriteWhatOnePassWrites() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            let rows = RowReportPass.helperFrom + RowReportPass.chunkRows / 2 + 7
            try store.insert((1...rows).map { ingested(line: $0 + 1, mobileUpdate(String(919_800_000_000 + $0))) }, firstId: 1)
            _ = try store.claim(limit: rows, now: 1_700_000_000)
            // Failures of one code in every chunk (more than the samples kept, so their order counts), the
            // rest succeeded but for a few left in flight (failed.csv takes those too).
            let failing = Set(stride(from: 3, through: rows, by: rows / 25))
            let inFlight: Set = [2, RowReportPass.chunkRows + 1, rows]
            try store.record((1...rows).filter { !inFlight.contains($0) }.map { id in
                RowOutcome(rowId: id, resolution: failing.contains(id) ? .failed(code: "8015", message: "not found \(id)")
                           : .succeeded(createdId: String(id), warnings: nil),
                           counts: RequestCounts(requests: 1, attempts: 1), httpStatus: failing.contains(id) ? 400 : 200,
                           latencyMs: 12.5, sentAt: 1_700_000_000 + Double(id) / 1000, finishedAt: 1_700_000_001 + Double(id) / 1000)
            })
            let summary = try ReportWriter.writeAll(store: store, context: .init(jobDirectory: dir.path(""), exitStatus: nil, stopReason: nil))
            try ResultsCSVWriter.write(store: store, to: dir.path("one.csv"))
            try ResultsJSONLWriter.write(store: store, to: dir.path("one.jsonl"))
            try FailedRowsWriter.write(store: store, header: nil, to: dir.path("one-failed.csv"))
            for (two, one) in [("results.csv", "one.csv"), ("results.jsonl", "one.jsonl"), ("failed.csv", "one-failed.csv")] {
                let written = try Data(contentsOf: URL(fileURLWithPath: dir.path(two)))
                #expect(written == (try Data(contentsOf: URL(fileURLWithPath: dir.path(one)))), "\(two)")
            }
            let csvLines = try String(contentsOfFile: dir.path("results.csv"), encoding: .utf8).split(separator: "\n")
            #expect(csvLines.count == rows + 1)
            #expect(csvLines.dropFirst().map { Int($0.prefix { $0 != "," }) } == (1...rows).map { $0 + 1 })
            let oneDigest = try RowDigest.make(store: store)
            #expect(summary.errorCodes == oneDigest.errorCodes)
            #expect(summary.outcomes["failed"] == failing.count)
            #expect(summary.requests == rows)  // a row in flight counts the request it has out
            var digest = RowDigest(samplesPerCode: ReportFigures.samplesPerCode)
            for chunk in stride(from: 1, through: rows, by: RowReportPass.chunkRows) {
                digest.append(try FormattedRows(store: store, ids: chunk...min(rows, chunk + RowReportPass.chunkRows - 1), header: nil).digest)
            }
            #expect(digest.errorSamples == oneDigest.errorSamples)
            #expect(digest.errorSamples["8015"]?.map(\.line) == failing.sorted().prefix(ReportFigures.samplesPerCode).map { $0 + 1 })
            #expect(digest.totals == oneDigest.totals)
            #expect(digest.rowsPerRequests == oneDigest.rowsPerRequests)
        }
    }

    @Test("rejected rows' reasons and first samples gathered chunk by chunk are what a query of the rows finds")
    func rejectReasonsAcrossChunks() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            let rows = RowReportPass.helperFrom + RowReportPass.chunkRows + 3
            // Twelve reasons (more than the ten shown), of different frequencies, in every chunk.
            func reason(_ id: Int) -> String? {
                guard id % 7 == 0 else { return nil }
                return id % 5 == 0 ? "fifth" : id % 11 == 0 ? "eleventh" : "reason \(id % 10)"
            }
            try store.insert((1...rows).map { id in
                ingested(line: id + 1, mobileUpdate(id % 21 == 0 ? "" : String(919_800_000_000 + id)), rejection: reason(id))
            }, firstId: 1)
            let summary = try ReportWriter.writeAll(store: store, context: .init(jobDirectory: dir.path(""), exitStatus: nil, stopReason: nil))
            let figures = try ReportFigures.make(store: store, summary: summary)
            let queried = try store.topValues(of: .rejectReason, state: .rejected, limit: 10)
            #expect(figures.rejectReasons.map(\.label) == queried.map(\.value))
            #expect(figures.rejectReasons.map(\.value) == queried.map { Double($0.count) })
            let firstRejected = (1...rows).filter { reason($0) != nil }.prefix(ReportFigures.samplesPerCode)
            #expect(figures.rejectedSamples?.rows.map(\.line) == firstRejected.map { $0 + 1 })
            #expect(figures.rejectedSamples?.rows.map(\.message) == firstRejected.map { reason($0) ?? "" })
            #expect(figures.rejectedSamples?.total == (1...rows).count { reason($0) != nil })
        }
    }
}
