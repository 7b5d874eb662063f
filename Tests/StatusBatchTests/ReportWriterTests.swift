import Foundation
import Testing
@testable import StatusBatch

/// ReportWriter: writes results.csv, failed.csv and summary.json from the store alone.
@Suite("ReportWriter")
struct ReportWriterTests {
    @Test("writeAll writes the four reports; failed.csv uses the stored CSV header")
    func writeAll() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let summary = try ReportWriter.writeAll(store: fixture.store, context: fixture.context)
        #expect(try fixture.lines("results.csv").count == 9)
        #expect(try fixture.lines("results.csv").first == ResultsCSVWriter.columns.joined(separator: ","))
        #expect(try fixture.lines("failed.csv") == [
            "mobile,label,reason", "919800000002,VIP,\"needs, comma", "and \"\"quotes\"\"\"", "919800000003,VIP,upgrade",
            "919800000004,VIP,upgrade",
        ])
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.dir.url.path).sorted()
        #expect(files.filter { !$0.hasPrefix("job.sqlite") } == ["failed.csv", "input.csv", "report.html", "results.csv", "results.jsonl", "summary.json"])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let written = try decoder.decode(JobSummary.self, from: Data(fixture.dir.read("summary.json").utf8))
        #expect(written.rows == summary.rows)
        #expect(written.outcomes == summary.outcomes)
        #expect(written.requests == summary.requests)
    }

    @Test("the summary's counts add up")
    func summaryCounts() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let summary = try ReportWriter.makeSummary(store: fixture.store, context: fixture.context)
        #expect(summary.rows == 8)
        #expect(summary.outcomes == ["succeeded": 1, "failed": 1, "gave_up": 1, "rejected": 1, "superseded": 1,
                                     "unknown": 1, "uncertain": 1, "pending": 1])
        #expect(summary.readBack.uncertainRows == 2)
        #expect(summary.outcomes.values.reduce(0, +) == summary.rows)
        #expect(summary.errorCodes == ["8015": 1, "HTTP 503": 1])
        #expect(summary.requests == 5)
        #expect(summary.achievedRatePerSecond == 1.43)
        #expect(summary.input == fixture.inputPath)
        #expect(summary.inputSize == ReportFixture.input.utf8.count)
        #expect(summary.inputSha256 == SHA256.hex(of: Array(ReportFixture.input.utf8)))
        #expect(summary.target == "simulator")
        #expect(summary.configuredRate == "10/s")
        #expect(summary.exitStatus == 1)
        #expect(summary.stopReason == nil)
        #expect(summary.runs == 0)
        #expect(summary.startedAt == nil && summary.endedAt == nil && summary.durationSeconds == nil)
    }

    @Test("runs give the start, end and duration")
    func runs() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let first = try fixture.store.startRun(at: ReportFixture.t0)
        try fixture.store.endRun(first, at: ReportFixture.t0 + 2, exitStatus: 3, requests: 3)
        let second = try fixture.store.startRun(at: ReportFixture.t0 + 10)
        try fixture.store.endRun(second, at: ReportFixture.t0 + 12.5, exitStatus: 1, requests: 1)
        let summary = try ReportWriter.makeSummary(store: fixture.store, context: fixture.context)
        #expect(summary.runs == 2)
        #expect(summary.startedAt == "2023-11-14T22:13:20.000Z")
        #expect(summary.endedAt == "2023-11-14T22:13:32.500Z")
        #expect(summary.durationSeconds == 12.5)
    }

    @Test("summary.json keys are snake_case and error codes keep their spelling")
    func summaryJSON() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        try ReportWriter.writeAll(store: fixture.store, context: fixture.context)
        let object = try #require(JSONSerialization.jsonObject(with: Data(fixture.dir.read("summary.json").utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 8)
        #expect(object["input_sha256"] as? String == SHA256.hex(of: Array(ReportFixture.input.utf8)))
        #expect(object["configured_rate"] as? String == "10/s")
        #expect((object["outcomes"] as? [String: Int])?["gave_up"] == 1)
        #expect(object["error_codes"] as? [String: Int] == ["8015": 1, "HTTP 503": 1])
    }

    @Test("a learnt limit is in summary.json (rate_audit.learnt_limit, with its shape) and in report.html")
    func learntLimit() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        try fixture.store.setLearntLimit(.bucket(LearnedBucket(rate: 20.01, burst: 5.9, uncertainty: 0.005, refusals: 6)))
        try ReportWriter.writeAll(store: fixture.store, context: fixture.context)
        let object = try #require(JSONSerialization.jsonObject(with: Data(fixture.dir.read("summary.json").utf8)) as? [String: Any])
        let limit = try #require((object["rate_audit"] as? [String: Any])?["learnt_limit"] as? [String: Any])
        #expect(limit["shape"] as? String == "bucket" && limit["rate"] as? Double == 20.01 && limit["refusals"] as? Int == 6)
        let html = try fixture.dir.read("report.html")
        #expect(html.contains("Learnt limit: 20.01 requests/s, burst about 6 (a leaky bucket, learnt from 6 refusal(s)"), "\(html)")
    }

    @Test("a row left unknown is not counted as resent after unknown")
    func resentAfterUnknown() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        #expect(try ReportWriter.makeSummary(store: fixture.store, context: fixture.context).resentAfterUnknown == 0)
    }
}
