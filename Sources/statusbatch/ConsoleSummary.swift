import Foundation
import StatusBatch

/// The short summary printed on standard error at the end of a run.
enum ConsoleSummary {
    static func print(_ result: RunResult, input: String, rerunFlags: String) {
        let summary = result.summary
        var lines: [String] = []
        if result.recoveredInFlight > 0 {
            let fate = result.unknownPolicy == .resend
                ? "they were sent again (flagged resent_after_unknown in results.csv; --on-unknown skip leaves them for review)"
                : "they were left as unknown for review (--on-unknown skip), listed in failed.csv"
            lines.append("\(result.recoveredInFlight) row(s) were in flight when the previous run stopped and may have been sent; \(fate)")
        }
        lines.append("statusbatch: \(summary.rows) rows in \(input)")
        for name in JobSummary.outcomeNames where (summary.outcomes[name] ?? 0) > 0 {
            lines.append("  \(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(summary.outcomes[name] ?? 0)")
        }
        if !summary.errorCodes.isEmpty {
            let codes = summary.errorCodes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            lines.append("  error codes: \(codes)")
        }
        if summary.resentAfterUnknown > 0 {
            lines.append("  resent after an unknown outcome: \(summary.resentAfterUnknown) (see resent_after_unknown in results.csv)")
        }
        if summary.rowsWithTimeouts > 0 {
            lines.append("  rows with a timed-out request (may have been applied twice): \(summary.rowsWithTimeouts) (see timeouts in results.csv)")
        }
        let rate = summary.achievedRatePerSecond.map { String(format: "%.1f/s", $0) } ?? "-"
        lines.append("  requests \(summary.requests), achieved rate \(rate) (configured \(summary.configuredRate))")
        let audit = summary.rateAudit
        if audit.responses429 > 0 || audit.rateDecreases > 0 || !audit.pausedSeconds.isEmpty {
            let pauses = audit.pausedSeconds.sorted { $0.key < $1.key }.map { String(format: "%@ %.1f s", $0.key, $0.value) }
            let final = audit.finalRatePerSecond.map { String(format: "%.1f/s", $0) } ?? "-"
            lines.append("  429 answers \(audit.responses429), rate lowered \(audit.rateDecreases) times (now \(final))"
                         + (pauses.isEmpty ? "" : ", paused: " + pauses.joined(separator: ", ")))
        }
        lines.append("report:  \(result.jobDirectory)/report.html")
        lines.append("details: results.csv, results.jsonl, failed.csv, summary.json in the same folder")
        if let reason = result.stopReason {
            lines.append("stopped early: \(reason)")
            lines.append("to resume, run the same command again")
        }
        if result.failedRows > 0 && result.stopReason == nil {
            lines.append("to retry only the failed rows: statusbatch run \(result.jobDirectory)/failed.csv \(rerunFlags)")
        }
        Console.error(lines.joined(separator: "\n"))
    }
}
