import ArgumentParser
import Foundation
import StatusBatch

/// `statusbatch status JOBDIR`: counts, rate, ETA and last error of a job, also while it runs.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a job's progress: counts per state, rate, ETA, last error, runner.")

    @Argument(help: "The job folder (the <input>.statusbatch folder of a run).") var job: String

    func run() throws {
        let status = try JobStatus.read(directory: job)
        var lines = ["job \(status.directory) (input \(status.input)): \(status.rows) rows"]
        for name in JobSummary.outcomeNames + ["in_flight"] where (status.counts[name] ?? 0) > 0 {
            lines.append("  \(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(status.counts[name] ?? 0)")
        }
        lines.append("  remaining   \(status.remaining)")
        if status.runnerActive {
            let eta = status.etaSeconds.map { String(format: "%.0f s", $0) } ?? "unknown"
            lines.append(String(format: "runner: active (pid %@), %.1f answers/s recently, ETA %@",
                                status.runnerPid ?? "?", status.recentRatePerSecond, eta))
        } else {
            let hint = !status.held.isEmpty ? " (rows are held back for a mistake: fix it as said below)"
                : status.remaining > 0 ? " (run the same command again to resume)" : ""
            lines.append("runner: none" + hint)
        }
        for (constant, rows) in status.held {
            lines.append("held back: \(rows) row(s) waiting: \(constant.reason)")
        }
        if let learnt = status.learntLimit {
            lines.append(String(format: "learnt limit: %@ (%@), paced at %.2f/s (a rerun starts there)",
                                learnt.text, learnt.how, learnt.pace))
        }
        if let lastError = status.lastError { lines.append("last error: \(lastError)") }
        print(lines.joined(separator: "\n"))
    }
}
