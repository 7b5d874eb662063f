import ArgumentParser
import Foundation
import StatusBatch

/// `statusbatch report JOBDIR`: rebuild every report from the job database.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Rebuild a job's reports from its database (also while it runs, or after it was killed).")

    @Argument(help: "The job folder (the <input>.statusbatch folder of a run).") var job: String
    @Flag(help: "Print only the path of report.html (to open it: xdg-open \"$(statusbatch report JOB --open)\").")
    var open = false

    func run() throws {
        let database = job + "/job.sqlite"
        guard FileManager.default.fileExists(atPath: database) else {
            throw StatusBatchError.usage("\(job): not a job folder (no job.sqlite)")
        }
        try JobFolder.checkPrivate(job)
        let store = try JobStore(path: database)
        let summary = try ReportWriter.writeAll(
            store: store,
            context: ReportWriter.Context(jobDirectory: job, exitStatus: nil, stopReason: nil))
        let html = URL(fileURLWithPath: job).standardizedFileURL.appendingPathComponent("report.html").path
        if open {
            print(html)
            return
        }
        for name in JobSummary.outcomeNames { print("\(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(summary.outcomes[name] ?? 0)") }
        print("reports rebuilt in \(job)")
        print("report: \(html)")
    }
}
