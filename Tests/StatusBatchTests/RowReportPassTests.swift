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

    @Test("on two threads over a dozen chunks, the rejected samples are the first rejected rows, the reasons the most frequent")
    func rejectedAcrossChunks() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            // A dozen chunks (more than either thread formats ahead), rejected rows from chunk 3 on, fourteen
            // reasons of different frequencies (more than the ten shown).
            let rows = 12 * RowReportPass.chunkRows + 5
            func reason(_ id: Int) -> String? {
                guard id > 2 * RowReportPass.chunkRows, id % 3 == 0 else { return nil }
                return "reason \((id / 3) % 105 < 14 ? (id / 3) % 105 : 13)"
            }
            try store.insert((1...rows).map { id in
                ingested(line: id + 1, mobileUpdate(String(919_800_000_000 + id)), rejection: reason(id))
            }, firstId: 1)
            let lastId = try store.rowCount()
            let files = RowReportPass.Files(csv: try AtomicFileWriter(path: dir.path("r.csv")),
                                            jsonl: try AtomicFileWriter(path: dir.path("r.jsonl")),
                                            failed: try AtomicFileWriter(path: dir.path("f.csv")))
            let (digest, attempts) = try RowReportPass.run(store: store, header: nil, into: files) {}
            #expect(lastId == rows)
            let summary = try ReportWriter.makeSummary(store: store, context: .init(jobDirectory: dir.path(""), exitStatus: nil, stopReason: nil),
                                                       rows: digest, attempts: attempts)
            let figures = try ReportFigures.make(store: store, summary: summary, rows: digest, attempts: attempts)
            let rejected = (1...rows).filter { reason($0) != nil }
            #expect(figures.rejectedSamples?.rows.map(\.line) == rejected.prefix(ReportFigures.samplesPerCode).map { $0 + 1 })
            #expect(figures.rejectedSamples?.rows.map(\.message) == rejected.prefix(ReportFigures.samplesPerCode).map { reason($0) ?? "" })
            #expect(figures.rejectedSamples?.total == rejected.count)
            let counts = Dictionary(grouping: rejected, by: { reason($0) ?? "" }).mapValues(\.count)
            #expect(counts.count == 14)
            #expect(figures.rejectReasons.map(\.value) == counts.values.sorted(by: >).prefix(10).map(Double.init))
            #expect(figures.rejectReasons.first?.label == "reason 13")
        }
    }
}
