import Foundation
import Testing
@testable import StatusBatch

/// report.html: self-contained, complete, escaped, and the same size whatever the number of rows.
@Suite("HTMLReport")
struct HTMLReportTests {
    static let chartTitles = ["Outcomes", "Error codes", "Requests and successes per minute", "Latency",
                              "Attempts per row", "Pauses by cause"]

    @Test("writeAll writes report.html with the totals, every chart and the samples")
    func content() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        try ReportWriter.writeAll(store: fixture.store, context: fixture.context)
        let html = try fixture.dir.read("report.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        for name in JobSummary.outcomeNames {
            #expect(html.contains("id=\"total-\(name)\">1</div>"), "total of \(name)")
        }
        #expect(html.contains("id=\"total-rows\">8</div>"))
        #expect(html.contains("id=\"total-requests\">5</div>"))
        #expect(html.contains("2 row(s) had an update whose effect was uncertain"))
        for title in Self.chartTitles {
            #expect(html.contains("<figcaption>\(title)</figcaption>"), "chart \(title)")
        }
        #expect(html.contains("<h3>8015: 1 row(s)</h3>"))
        #expect(html.contains("<td>3</td><td>mobile 919800000002</td><td>VIP</td><td>Customer not found</td>"))
        #expect(html.contains("<h3>HTTP 503: 1 row(s)</h3>"))
        #expect(html.contains("rejected (never sent): 1 row(s)"))
        #expect(html.contains("1 row(s) are unknown"))
        #expect(html.contains("1: finished; some rows did not succeed"))
        #expect(html.contains("SHA-256"))
        #expect(html.contains(SHA256.hex(of: Array(ReportFixture.input.utf8))))
    }

    @Test("nothing is loaded from elsewhere: no scripts, links, images or external URLs")
    func selfContained() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        try ReportWriter.writeAll(store: fixture.store, context: fixture.context)
        let html = try fixture.dir.read("report.html").lowercased()
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url("] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        let urls = html.components(separatedBy: "://").dropFirst().map { String($0.prefix(20)) }
        #expect(!urls.isEmpty && urls.allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") }, "\(urls)")
    }

    @Test("API messages and input values are escaped")
    func escaping() throws {
        let fixture = try ReportFixture()
        defer { fixture.dir.remove() }
        let claimed = try #require(try fixture.store.claim(limit: 1, now: ReportFixture.t0 + 10).first)
        try fixture.store.record([RowOutcome(rowId: claimed.id, resolution: .failed(code: "<b>99</b>", message: "<script>alert(\"x\")</script> & more"),
                                             httpStatus: 400, finishedAt: ReportFixture.t0 + 5)])
        try ReportWriter.writeAll(store: fixture.store, context: fixture.context)
        let html = try fixture.dir.read("report.html")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>99"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"))
    }

    @Test("a job with nothing sent still renders every section")
    func nothingSent() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            let summary = try ReportWriter.makeSummary(
                store: store, context: ReportWriter.Context(jobDirectory: dir.url.path, exitStatus: nil, stopReason: nil))
            let html = HTMLReport.render(summary: summary, figures: try ReportFigures.make(store: store, summary: summary))
            #expect(html.contains("No request was sent."))
            #expect(html.contains("No row failed or gave up."))
            #expect(html.contains("not recorded (still running, or killed)"))
            #expect(html.contains("id=\"total-rows\">0</div>"))
        }
    }

    @Test("the size of report.html does not depend on the number of rows (1,000 vs 100,000)")
    func sizeIndependentOfRows() throws {
        func size(rows: Int) throws -> (bytes: Int, html: String) {
            let job = try SyntheticJob(rows: rows)
            defer { job.dir.remove() }
            try ReportWriter.writeAll(store: job.store, context: job.context)
            let html = try job.dir.read("report.html")
            return (html.utf8.count, html)
        }
        let small = try size(rows: 1_000), large = try size(rows: 100_000)
        #expect(large.html.contains("id=\"total-rows\">100,000</div>"))
        #expect(large.html.contains("id=\"total-succeeded\">"))
        #expect(small.html.components(separatedBy: "<h3>").count == large.html.components(separatedBy: "<h3>").count)
        let ratio = Double(large.bytes) / Double(small.bytes)
        #expect(ratio > 0.97 && ratio < 1.03, "1k rows: \(small.bytes) bytes, 100k rows: \(large.bytes) bytes")
        #expect(large.bytes < 100_000)
    }
}
