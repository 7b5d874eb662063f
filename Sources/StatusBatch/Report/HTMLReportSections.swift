/// The sections of `report.html`, each a fragment of HTML built from the summary and the figures.
enum HTMLReportSections {
    /// Input, fingerprint, options, times and exit status.
    static func header(summary: JobSummary, figures: ReportFigures) -> String {
        var rows: [(String, String)] = [
            ("Input", HTMLText.escape(summary.input)),
            ("Size", HTMLText.grouped(summary.inputSize) + " bytes, " + HTMLText.grouped(summary.rows) + " rows"),
            ("SHA-256", "<code>" + HTMLText.escape(summary.inputSha256) + "</code>"),
            ("Job folder", HTMLText.escape(summary.jobDirectory)),
            ("Target", HTMLText.escape(summary.target)),
            ("Started", summary.startedAt.map(HTMLText.escape) ?? "not started"),
            ("Ended", summary.endedAt.map(HTMLText.escape) ?? "not ended (running, or the process was killed)"),
            ("Duration", summary.durationSeconds.map { DurationText.short($0) } ?? "-"),
            ("Runs", String(summary.runs)),
            ("Exit status", exitStatus(summary)),
        ]
        if let reason = summary.stopReason { rows.append(("Stopped because", HTMLText.escape(reason))) }
        let options = figures.options.filter { !$0.value.isEmpty }
            .map { "<code>" + HTMLText.escape($0.key) + "=" + HTMLText.escape($0.value) + "</code>" }
        rows.append(("Rate", "configured " + HTMLText.escape(summary.configuredRate) + ", achieved "
                     + (summary.achievedRatePerSecond.map { HTMLText.decimal($0, decimals: 2) + "/s" } ?? "-")))
        rows.append(("Options", options.isEmpty ? "-" : options.joined(separator: " ")))
        rows.append(("Unknown rows", "<code>--on-unknown " + HTMLText.escape(summary.unknownPolicy) + "</code>"))
        return "<h2>Job</h2>\n<table class=\"meta\">"
            + rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined(separator: "\n") + "</table>\n"
    }

    /// One box per outcome with its count; the ids let a browser check find the totals.
    static func totals(summary: JobSummary) -> String {
        var html = "<h2>Outcomes</h2>\n<div class=\"totals\">"
        html += box(id: "total-rows", name: "rows", count: summary.rows, color: "#263238")
        for (index, name) in JobSummary.outcomeNames.enumerated() {
            html += box(id: "total-" + name, name: name.replacingUnderscores, count: summary.outcomes[name] ?? 0,
                        color: HTMLReport.outcomeColors[index])
        }
        html += box(id: "total-requests", name: "requests", count: summary.requests, color: "#90a4ae")
        return html + "</div>\n"
    }

    /// Things the reader must not miss: rows that may have been applied twice, warnings.
    static func notices(summary: JobSummary) -> String {
        var notices: [String] = []
        if summary.resentAfterUnknown > 0 {
            notices.append("\(HTMLText.grouped(summary.resentAfterUnknown)) row(s) were in flight when a run stopped and were sent again: see <code>resent_after_unknown</code> in results.csv.")
        }
        notices += readBackNotices(summary.readBack)
        if summary.rowsWithWarnings > 0 {
            notices.append("\(HTMLText.grouped(summary.rowsWithWarnings)) row(s) succeeded with warnings from the API (<code>warnings</code> in results.csv).")
        }
        if (summary.outcomes["unknown"] ?? 0) > 0 {
            notices.append("\(HTMLText.grouped(summary.outcomes["unknown"] ?? 0)) row(s) are unknown: they may or may not have been applied.")
        }
        return notices.map { "<div class=\"notice\">\($0)</div>\n" }.joined()
    }

    /// What the read-back calls settled, what they could not, and what `--verify all` found.
    static func readBackNotices(_ readBack: ReadBackTotals) -> [String] {
        var notices: [String] = []
        if let unavailable = readBack.readsUnavailable {
            notices.append("The read-back calls were not available to this job (\(HTMLText.escape(unavailable))): uncertain rows were sent again without a read (<code>confirmation</code> = resent).")
        }
        if readBack.uncertainRows > 0 {
            notices.append("\(HTMLText.grouped(readBack.uncertainRows)) row(s) had an update whose effect was uncertain (answer lost, timed out, not the success document, or in flight when a run stopped): \(HTMLText.grouped(readBack.confirmedByReadBack)) were found applied by reading them back and not sent again (<code>confirmation</code> = read_back).")
        }
        if readBack.resent > 0 {
            notices.append("\(HTMLText.grouped(readBack.resent)) row(s) were sent again after an uncertain update without a read settling it: they may have been applied twice (<code>confirmation</code> = resent).")
        }
        if readBack.verified + readBack.mismatched + readBack.unchecked > 0 {
            notices.append("Read back after the update: \(HTMLText.grouped(readBack.verified)) verified, \(HTMLText.grouped(readBack.mismatched)) mismatched (the active label is no longer the row's), \(HTMLText.grouped(readBack.unchecked)) could not be read (<code>verification</code> in results.csv).")
        }
        if readBack.reads > 0 {
            notices.append("\(HTMLText.grouped(readBack.reads)) read-back call(s) were made; they count against the API's quota like the updates.")
        }
        return notices
    }

    /// The six charts; a chart with nothing to show says so instead.
    static func charts(summary: JobSummary, figures: ReportFigures) -> String {
        var html = "<h2>Charts</h2>\n"
        let outcomes = JobSummary.outcomeNames.map { ReportFigures.Bar(label: $0.replacingUnderscores, value: Double(summary.outcomes[$0] ?? 0)) }
        html += figure("Outcomes", SVGChart.horizontalBars(outcomes, colors: HTMLReport.outcomeColors, title: "Outcomes", format: count))
        var codes = figures.errorSamples.map { ReportFigures.Bar(label: $0.title, value: Double($0.total)) }
        if figures.otherCodes > 0 { codes.append(ReportFigures.Bar(label: "other codes", value: Double(figures.otherCodes))) }
        html += figure("Error codes", codes.isEmpty ? empty("No row failed or gave up.")
                       : SVGChart.horizontalBars(codes, colors: ["#c62828"], title: "Error codes", format: count))
        let audit = summary.rateAudit
        let rateTitle = "Requests and successes per minute"
        var rate = figures.ratePoints.isEmpty ? empty("No request was sent.")
            : SVGChart.rateLines(figures.ratePoints, bucketSeconds: figures.bucketSeconds,
                                 configured: figures.configuredPerMinute, title: rateTitle)
        rate += "<div class=\"legend\"><span><i style=\"background:#1565c0\"></i>requests</span><span><i style=\"background:#2e7d32\"></i>successes</span><span><i style=\"background:#c62828\"></i>configured rate (\(HTMLText.escape(audit.configuredRate)))</span></div>"
        rate += "<p class=\"muted\">Most requests in any 1 s: \(audit.maxRequestsInOneSecond); in any 100 ms: \(audit.maxRequestsInTenthSecond). "
            + "Start delay against the schedule: mean \(audit.startDelayMeanMs.map { HTMLText.decimal($0, decimals: 2) } ?? "-") ms, max \(audit.startDelayMaxMs.map { HTMLText.decimal($0, decimals: 2) } ?? "-") ms. "
            + "429 answers: \(HTMLText.grouped(audit.responses429)); rate lowered \(audit.rateDecreases) time(s)"
            + (audit.finalRatePerSecond.map { ", final rate \(HTMLText.decimal($0, decimals: 2))/s" } ?? "") + "."
            + (audit.learntLimit.map { " Learnt limit: \(HTMLText.escape($0.text)) (\(HTMLText.escape($0.how))); paced at \(HTMLText.decimal($0.pace, decimals: 2))/s." } ?? "")
            + "</p>"
        html += figure(rateTitle, rate)
        html += figure("Latency", figures.latency.isEmpty ? empty("No answer was timed.")
                       : SVGChart.columns(figures.latency, color: "#1565c0", title: "Latency", yLabel: "requests"))
        html += figure("Attempts per row", figures.attemptsPerRow.isEmpty ? empty("No row was sent.")
                       : SVGChart.columns(figures.attemptsPerRow, color: "#6a1b9a", title: "Attempts per row", yLabel: "rows"))
        html += figure("Pauses by cause", figures.pauses.isEmpty ? empty("No pause was recorded: the API never asked to slow down.")
                       : SVGChart.horizontalBars(figures.pauses, colors: ["#ef6c00"], title: "Pauses by cause",
                                                 format: { HTMLText.decimal($0) + " s" }))
        return html
    }

    /// For each error code, the first rows with it; then the rejected rows and their reasons.
    static func samples(summary: JobSummary, figures: ReportFigures) -> String {
        var html = "<h2>Rows that did not succeed</h2>\n"
        if figures.errorSamples.isEmpty && figures.rejectedSamples == nil {
            return html + empty("Every row succeeded or was superseded.") + "\n"
        }
        for sample in figures.errorSamples {
            html += "<h3>\(HTMLText.escape(sample.title)): \(HTMLText.grouped(sample.total)) row(s)\(shownOf(sample))</h3>\n"
            html += table(sample.rows, messageHeader: "message")
        }
        if figures.otherCodes > 0 {
            html += "<p class=\"muted\">\(HTMLText.grouped(figures.otherCodes)) more row(s) have other error codes; see results.csv.</p>\n"
        }
        if let rejected = figures.rejectedSamples {
            html += "<h3>rejected (never sent): \(HTMLText.grouped(rejected.total)) row(s)\(shownOf(rejected))</h3>\n"
            html += "<table class=\"rows\"><tr><th>rows</th><th>most frequent reasons</th></tr>"
                + figures.rejectReasons.map { "<tr><td>\(HTMLText.decimal($0.value))</td><td>\(HTMLText.escape($0.label))</td></tr>" }.joined()
                + "</table>\n"
            html += table(rejected.rows, messageHeader: "reason")
        }
        return html
    }

    private static func table(_ rows: [SampleRow], messageHeader: String) -> String {
        "<table class=\"rows\"><tr><th>line</th><th>identifier</th><th>label</th><th>\(messageHeader)</th></tr>"
            + rows.map { "<tr><td>\($0.line)</td><td>\(HTMLText.escape($0.identifier))</td><td>\(HTMLText.escape($0.label))</td><td>\(HTMLText.escape($0.message))</td></tr>" }.joined()
            + "</table>\n"
    }

    private static func shownOf(_ sample: ReportFigures.Samples) -> String {
        sample.total > sample.rows.count ? " (the first \(sample.rows.count) shown)" : ""
    }

    private static func exitStatus(_ summary: JobSummary) -> String {
        guard let status = summary.exitStatus else { return "not recorded (still running, or killed)" }
        let meaning: String
        switch ExitStatus(rawValue: status) {
        case .success: meaning = "every row succeeded or was superseded"
        case .rowsFailed: meaning = "finished; some rows did not succeed"
        case .usageError: meaning = "usage or input error"
        case .stoppedEarly: meaning = "stopped early; running the same command resumes"
        case nil: meaning = "unexpected"
        }
        return "<span class=\"status-\(status)\">\(status): \(meaning)</span>"
    }

    private static func box(id: String, name: String, count: Int, color: String) -> String {
        "<div class=\"total\" style=\"border-left-color:\(color)\"><div class=\"n\" id=\"\(id)\">\(HTMLText.grouped(count))</div><div class=\"k\">\(name)</div></div>"
    }

    private static func figure(_ title: String, _ body: String) -> String {
        "<figure><figcaption>\(HTMLText.escape(title))</figcaption>\(body)</figure>\n"
    }

    private static func empty(_ text: String) -> String { "<p class=\"muted\">\(HTMLText.escape(text))</p>" }

    private static func count(_ value: Double) -> String { HTMLText.grouped(Int(value)) }
}

private extension String {
    /// `gave_up` → `gave up`, for display.
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
