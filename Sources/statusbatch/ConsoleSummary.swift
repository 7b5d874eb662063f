import Foundation
import StatusBatch

/// The short summary printed on standard error at the end of a run.
enum ConsoleSummary {
    static func print(_ result: RunResult, input: String, retryCommand: String, resumeCommand: String) {
        let summary = result.summary
        var lines: [String] = []
        if result.recoveredInFlight > 0 {
            let fate = result.unknownPolicy == .skip
                ? "they were left as unknown for review (--on-unknown skip), listed in failed.csv"
                : result.readBack
                ? "each was read back before anything was sent again (confirmation in results.csv)"
                : "they were sent again without a read (--verify off; flagged resent_after_unknown in results.csv)"
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
        lines += readBackLines(summary.readBack)
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
        lines.append(RunVerdict.line(result, retryCommand: retryCommand, resumeCommand: resumeCommand))
        Console.error(lines.joined(separator: "\n"))
    }

    /// What the read-back calls settled and found, when any were made or needed.
    static func readBackLines(_ readBack: ReadBackTotals) -> [String] {
        var lines: [String] = []
        if readBack.uncertainRows > 0 {
            lines.append("  uncertain updates (answer lost, timed out, garbled, or in flight at a crash): \(readBack.uncertainRows) row(s); "
                         + "\(readBack.confirmedByReadBack) found applied by reading back (not sent again)")
        }
        if readBack.resent > 0 {
            lines.append("  sent again without a read settling it (may have been applied twice): \(readBack.resent) (confirmation=resent in results.csv)")
        }
        if readBack.verified + readBack.mismatched + readBack.unchecked > 0 {
            lines.append("  read back after the update: \(readBack.verified) verified, \(readBack.mismatched) mismatched (label changed since), \(readBack.unchecked) not readable")
        }
        if readBack.previousRecorded > 0 {
            lines.append("  previous labels recorded: \(readBack.previousRecorded) (statusbatch undo writes undo.csv)")
        }
        if readBack.reads > 0 { lines.append("  read-back calls: \(readBack.reads)") }
        if let unavailable = readBack.readsUnavailable {
            lines.append("  read-back calls unavailable (\(unavailable)): uncertain rows were sent again without a read")
        }
        return lines
    }
}
