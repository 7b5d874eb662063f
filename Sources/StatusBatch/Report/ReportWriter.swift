import Foundation

/// Rebuilds every report of a job from its database alone.
public enum ReportWriter {
    /// What the reports need beyond the rows.
    public struct Context: Sendable {
        public var jobDirectory: String
        public var exitStatus: ExitStatus?
        public var stopReason: String?

        public init(jobDirectory: String, exitStatus: ExitStatus?, stopReason: String?) {
            self.jobDirectory = jobDirectory
            self.exitStatus = exitStatus
            self.stopReason = stopReason
        }
    }

    /// Writes results.csv, results.jsonl, failed.csv, summary.json and report.html into the job folder; returns the summary.
    @discardableResult
    public static func writeAll(store: JobStore, context: Context) throws -> JobSummary {
        let directory = context.jobDirectory
        let header = try store.meta(JobMetaKey.inputFormat).flatMap(InputFormat.init(rawValue:))?.hasHeaderRow == true
            ? try store.meta(JobMetaKey.header).flatMap(parseHeader) : nil
        // One pass over the rows feeds the three per-row files (on two threads: formatting is most of the cost).
        let csv = try AtomicFileWriter(path: directory + "/results.csv", removingOldFirst: true)
        let jsonl = try AtomicFileWriter(path: directory + "/results.jsonl", removingOldFirst: true)
        let failed = try AtomicFileWriter(path: directory + "/failed.csv")
        try csv.writeLine(CSVLine.encode(ResultsCSVWriter.columns))
        try failed.writeLine(FailedRowsWriter.headerLine(header))
        let (digest, attempts) = try RowReportPass.run(store: store, header: header,
                                                       into: .init(csv: csv, jsonl: jsonl, failed: failed)) {
            try csv.commit()
            try jsonl.commit()
            try failed.commit()
        }
        let summary = try makeSummary(store: store, context: context, rows: digest, attempts: attempts)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let file = try AtomicFileWriter(path: directory + "/summary.json")
        try file.writeLine(String(decoding: try encoder.encode(summary), as: UTF8.self))
        try file.commit()
        let html = try AtomicFileWriter(path: directory + "/report.html")
        try html.write(HTMLReport.render(summary: summary, figures: try ReportFigures.make(store: store, summary: summary, rows: digest, attempts: attempts)))
        try html.commit()
        return summary
    }

    /// The summary of the job as the database has it now.
    /// `rows`, when given, supplies the row totals and error codes instead of scanning the rows again.
    public static func makeSummary(store: JobStore, context: Context, rows: RowDigest? = nil,
                                   attempts: AttemptDigest? = nil) throws -> JobSummary {
        let rows = try rows ?? RowDigest.make(store: store)
        let totals = rows.totals
        let counts = totals.counts
        var outcomes = Dictionary(uniqueKeysWithValues: JobSummary.outcomeNames.map { ($0, 0) })
        for (state, count) in counts { outcomes[RowOutcomeName.of(state), default: 0] += count }
        let runs = try store.runs()
        let started = runs.first?.startedAt
        let ended = runs.last?.endedAt
        var readBack = totals.readBack
        readBack.readsUnavailable = try store.meta(JobMetaKey.readsUnavailable)
        var achieved: Double?
        if let first = totals.firstSent, let last = totals.lastFinished, last > first, totals.requests > 0 {
            achieved = (Double(totals.requests) / (last - first) * 100).rounded() / 100
        }
        var summary = JobSummary(
            input: try store.meta(JobMetaKey.inputPath) ?? "",
            inputSize: Int(try store.meta(JobMetaKey.inputSize) ?? "") ?? 0,
            inputSha256: try store.meta(JobMetaKey.inputSHA256) ?? "",
            jobDirectory: context.jobDirectory,
            target: try store.meta(JobMetaKey.option("target")) ?? "",
            startedAt: started.map(Timestamp.iso), endedAt: ended.map(Timestamp.iso),
            durationSeconds: started.flatMap { s in ended.map { (($0 - s) * 1000).rounded() / 1000 } },
            rows: counts.values.reduce(0, +), outcomes: outcomes, errorCodes: rows.errorCodes,
            requests: totals.requests, configuredRate: try store.meta(JobMetaKey.configuredRate) ?? "", achievedRatePerSecond: achieved,
            resentAfterUnknown: totals.resentAfterUnknown, rowsWithWarnings: totals.rowsWithWarnings, rowsWithTimeouts: try store.timedOutRowCount(),
            runs: runs.count,
            unknownPolicy: try store.meta(JobMetaKey.unknownPolicy) ?? "resend",
            rateAudit: try RateAudit.make(store: store, attempts: attempts),
            exitStatus: context.exitStatus?.rawValue ?? runs.last?.exitStatus.map(Int32.init), stopReason: context.stopReason)
        summary.readBack = readBack
        return summary
    }

    private static func parseHeader(_ json: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(json.utf8))
    }
}
