import ArgumentParser
import Foundation
import StatusBatch

/// `statusbatch undo JOBDIR`: write undo.csv, an input file that restores each customer's previous label.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Write JOBDIR/undo.csv: an input file that puts back the label each customer had before the job.",
        discussion: """
            Needs a job run with --record-previous. Rows whose label was changed since (mismatched when read back \
            with --verify all), customers without a previous label, and rows that changed nothing are listed in \
            undo-skipped.csv instead. Send the undo with: statusbatch run JOBDIR/undo.csv (and the same target flags).
            """)

    @Argument(help: "The job folder (the <input>.statusbatch folder of a run).") var job: String

    func run() throws {
        let database = job + "/job.sqlite"
        guard FileManager.default.fileExists(atPath: database) else {
            throw StatusBatchError.usage("\(job): not a job folder (no job.sqlite)")
        }
        try JobFolder.checkPrivate(job)
        let store = try JobStore(path: database, readOnly: true)
        let counts = try UndoWriter.write(store: store, directory: job)
        print("undo.csv: \(counts.undone) row(s) to restore; undo-skipped.csv: \(counts.skipped) row(s) not undone")
        print("send it with: statusbatch run \(ShellWords.quote(job + "/undo.csv")) (with the same --cluster or --base-url)")
    }
}
