/// Why a run ended and what the operator does next, in one line: the last line of the console summary.
public enum RunVerdict {
    /// The line for `result`; `retryCommand` sends only the rows of failed.csv (with the flags of this run),
    /// `resumeCommand` runs this job again. Both are ready to paste, and come last on the line.
    public static func line(_ result: RunResult, retryCommand: String, resumeCommand: String) -> String {
        let outcomes = result.summary.outcomes
        let left = (outcomes["pending"] ?? 0) + (outcomes["uncertain"] ?? 0)
        switch result.exitStatus {
        case .success:
            return "ended: all \(result.summary.rows) rows are done; nothing left to do"
        case .rowsFailed:
            let rejected = outcomes["rejected"] ?? 0
            var review: [String] = []
            if result.failedRows > 0 {
                let kinds = [("failed", "failed"), ("gave_up", "gave up"), ("unknown", "unknown")]
                    .compactMap { key, words in (outcomes[key] ?? 0) > 0 ? "\(outcomes[key] ?? 0) \(words)" : nil }
                review.append("\(result.failedRows) row(s) in failed.csv (\(kinds.joined(separator: ", ")))")
            }
            if rejected > 0 { review.append("\(rejected) rejected input line(s), never sent (results.csv)") }
            let check = (outcomes["unknown"] ?? 0) > 0 ? "; check the unknown ones by hand first (they may have been applied)" : ""
            let next = result.failedRows > 0 ? "fix what their error columns say\(check), then send failed.csv alone: \(retryCommand)"
                                             : "fix those lines and run them as a new file"
            return "ended: every row was sent or rejected; to review: \(review.joined(separator: ", ")); \(next)"
        case .usageError:
            return "stopped: \(result.stopReason ?? "a mistake shared by many rows"); \(left) row(s) held back and not sent; this run's command, to run again once that is fixed: \(resumeCommand)"
        case .stoppedEarly:
            let next: String
            switch result.end {
            case .fatal: next = "fix that, then run the same command again to resume"
            case .outage: next = "run the same command again once the API answers, to resume"
            case .finished, .stopped, .systematic: next = "run the same command again to resume"
            }
            return "ended early: \(result.stopReason ?? "stopped") (\(left) row(s) left); \(next): \(resumeCommand)"
        }
    }
}
