import Foundation
import Testing
@testable import StatusBatch

/// ReportFigures: bounded aggregates for the HTML charts.
@Suite("ReportFigures")
struct ReportFiguresTests {
    @Test("bucket widths keep the rate chart within 120 points", arguments: [
        (0.0, 0.1), (11.9, 0.1), (12.0, 0.2), (119.0, 1.0), (120.0, 2.0), (3_000.0, 30.0), (7_199.0, 60.0), (86_400.0, 900.0), (30 * 86_400.0, 43_200.0),
    ])
    func bucketWidth(span: Double, expected: Double) {
        #expect(ReportFigures.bucketWidth(span: span) == expected)
        #expect(span / ReportFigures.bucketWidth(span: span) < Double(ReportFigures.maxRatePoints))
    }

    @Test("rates per minute, latency buckets and attempts from the synthetic job")
    func figures() throws {
        let job = try SyntheticJob(rows: 2_000)
        defer { job.dir.remove() }
        let summary = try ReportWriter.makeSummary(store: job.store, context: job.context)
        let figures = try ReportFigures.make(store: job.store, summary: summary)
        // 1,960 requests at 100/s over 19.6 s: 0.2 s buckets of 20 requests, 6,000 a minute.
        #expect(figures.bucketSeconds == 0.2)
        #expect(figures.ratePoints.count == 98)
        #expect(figures.ratePoints.allSatisfy { abs($0.requestsPerMinute - 6_000) < 1e-6 }, "\(figures.ratePoints.map(\.requestsPerMinute))")
        #expect(figures.configuredPerMinute == 6_000)
        let requests = figures.ratePoints.reduce(0) { $0 + $1.requestsPerMinute * figures.bucketSeconds / 60 }
        #expect(abs(requests - 1_960) < 1e-6)
        #expect(figures.latency.map(\.label) == ["<50ms", "<100ms", "<200ms", "<300ms", "<500ms", "<750ms", "<1s", "<2s",
                                                 "<5s", "<10s", "<30s", "≥30s"])
        #expect(figures.latency.reduce(0) { $0 + $1.value } == 1_960)
        #expect(figures.attemptsPerRow == [ReportFigures.Bar(label: "1", value: 1_960)])
        #expect(figures.options.map(\.key) == ["target"])
    }

    @Test("samples are capped per code, and codes beyond 20 are folded together")
    func caps() throws {
        let job = try SyntheticJob(rows: 20_000, otherCodes: 30)
        defer { job.dir.remove() }
        let summary = try ReportWriter.makeSummary(store: job.store, context: job.context)
        let figures = try ReportFigures.make(store: job.store, summary: summary)
        #expect(summary.errorCodes.count == 32)
        #expect(figures.errorSamples.count == ReportFigures.maxCodes)
        #expect(figures.errorSamples.first?.title == "8015")
        #expect(figures.errorSamples.first?.total == 1_000)
        #expect(figures.errorSamples.allSatisfy { $0.rows.count == min($0.total, ReportFigures.samplesPerCode) })
        let shown = figures.errorSamples.reduce(0) { $0 + $1.total }
        #expect(shown + figures.otherCodes == summary.errorCodes.values.reduce(0, +))
        #expect(figures.rejectedSamples?.total == 400)
        #expect(figures.rejectedSamples?.rows.count == ReportFigures.samplesPerCode)
        #expect(figures.rejectReasons == [ReportFigures.Bar(label: "label is empty", value: 400)])
    }

    @Test("attempt counts get a bar for every count up to the highest")
    func attemptGaps() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let t = ReportFixture.t0 + 100
        let first = try #require(try fixture.store.claim(limit: 10, now: t).first)
        try fixture.store.record([RowOutcome(rowId: first.id, resolution: .retry(at: t, code: nil, message: "HTTP 503"),
                                                    counts: RequestCounts(requests: 1, attempts: 1), finishedAt: t)])
        let second = try #require(try fixture.store.claim(limit: 10, now: t).first)
        #expect(second.attempts == 1)
        try fixture.store.record([RowOutcome(rowId: second.id, resolution: .succeeded(createdId: nil, warnings: nil),
                                             counts: RequestCounts(requests: 1, attempts: 1), finishedAt: t)])
        let summary = try ReportWriter.makeSummary(store: fixture.store, context: fixture.context)
        let figures = try ReportFigures.make(store: fixture.store, summary: summary)
        #expect(figures.attemptsPerRow.map(\.label) == ["1", "2"])
    }
}

/// HTMLText: escaping and locale-free number formatting.
@Suite("HTMLText")
struct HTMLTextTests {
    @Test func escape() {
        #expect(HTMLText.escape(#"<a href="x">Tom & 'Jerry'</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTMLText.escape("plain ünïcode") == "plain ünïcode")
    }

    @Test func numbers() {
        #expect(HTMLText.grouped(0) == "0")
        #expect(HTMLText.grouped(999) == "999")
        #expect(HTMLText.grouped(1_000) == "1,000")
        #expect(HTMLText.grouped(1_234_567) == "1,234,567")
        #expect(HTMLText.grouped(-12_345) == "-12,345")
        #expect(HTMLText.decimal(12.5) == "12.5")
        #expect(HTMLText.decimal(3.0) == "3")
        #expect(HTMLText.decimal(1234.56, decimals: 2) == "1,234.56")
        #expect(HTMLText.decimal(1234.56, decimals: 1, grouping: false) == "1234.6")
        #expect(HTMLText.decimal(-0.25, decimals: 2) == "-0.25")
    }

    @Test func durations() {
        #expect(DurationText.short(42.04) == "42s")
        #expect(DurationText.short(2.5) == "2.5s")
        #expect(DurationText.short(0.1) == "0.1s")
        #expect(DurationText.short(185) == "3m05s")
        #expect(DurationText.short(3_720) == "1h02m")
    }
}
