/// `report.html`: one self-contained page (inline CSS and SVG, no scripts) that a person reviews and forwards.
public enum HTMLReport {
    /// Colours of the outcomes, in `JobSummary.outcomeNames` order.
    static let outcomeColors = ["#2e7d32", "#c62828", "#ef6c00", "#6a1b9a", "#78909c", "#8d6e63", "#f9a825", "#1565c0"]

    /// The whole page; its size depends on the number of error codes and samples, never on the number of rows.
    public static func render(summary: JobSummary, figures: ReportFigures) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>StatusBatch report: \(HTMLText.escape(fileName(summary.input)))</title>
            <style>\(style)</style></head><body>
            <h1>StatusBatch report</h1>
            <p class="subtitle">\(HTMLText.escape(summary.input))</p>

            """
        page += HTMLReportSections.header(summary: summary, figures: figures)
        page += HTMLReportSections.totals(summary: summary)
        page += HTMLReportSections.notices(summary: summary)
        page += HTMLReportSections.charts(summary: summary, figures: figures)
        page += HTMLReportSections.samples(summary: summary, figures: figures)
        page += """
            <footer>Written by statusbatch from the job database. Rebuild it at any time with
            <code>statusbatch report \(HTMLText.escape(summary.jobDirectory))</code>.
            Row-by-row results: <code>results.csv</code> and <code>results.jsonl</code>;
            rows to send again: <code>failed.csv</code>.</footer>
            </body></html>

            """
        return page
    }

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    private static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#263238;\
        margin:24px auto;max-width:1000px;padding:0 16px;line-height:1.4}
        h1{margin:0;font-size:26px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #cfd8dc;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 6px}.subtitle{color:#546e7a;margin:2px 0 16px;word-break:break-all}
        table{border-collapse:collapse;font-size:13px}td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
        table.rows td,table.rows th{border-bottom:1px solid #eceff1;padding:3px 8px}table.rows th{background:#f5f7f8}
        .meta th{color:#546e7a;font-weight:normal;white-space:nowrap}.meta td{word-break:break-all}
        .totals{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
        .total{border:1px solid #cfd8dc;border-left-width:6px;border-radius:4px;padding:6px 12px;min-width:92px}
        .total .n{font-size:22px;font-weight:600}.total .k{font-size:12px;color:#546e7a}
        .notice{background:#fff8e1;border:1px solid #ffe082;border-radius:4px;padding:8px 12px;margin:10px 0;font-size:14px}
        .status-0{color:#2e7d32}.status-1{color:#ef6c00}.status-2,.status-3{color:#c62828}
        figure{margin:16px 0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:4px}
        .legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:18px;\
        height:3px;vertical-align:middle;margin-right:4px}.muted{color:#78909c;font-size:13px}
        code{background:#eceff1;padding:1px 4px;border-radius:3px;font-size:12px}footer{margin-top:32px;color:#78909c;font-size:12px}
        """
}
