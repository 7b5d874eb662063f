import ArgumentParser
import Foundation
import StatusBatch

/// The `statusbatch` command line: subcommands, and exit codes mapped from errors.
@main
struct StatusBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statusbatch",
        abstract: "Apply customer status-label changes in bulk through Capillary's Update Customer Status API.",
        discussion: """
            Exit codes: 0 every row succeeded or was superseded; 1 some rows failed, gave up, were rejected or \
            are unknown; 2 usage, configuration or input-file error; 3 stopped early and resumable.
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, StatusCommand.self, ReportCommand.self, UndoCommand.self,
                      SimulatorCommand.self]
    )

    static func main() {
        // A file-size limit must surface as a write error (reported, resumable), not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        // Everything the tool creates (job folders, databases, reports, copies) is its user's alone.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as StatusBatchError {
            Console.error("statusbatch: \(error.message)")
            Foundation.exit(error.status.rawValue)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code.isSuccess {
                print(message)
                Foundation.exit(0)
            }
            Console.error(message)
            // Every usage problem is exit 2, not ArgumentParser's 64.
            Foundation.exit(ExitStatus.usageError.rawValue)
        }
    }
}

/// Writes to standard error.
enum Console {
    /// Writes `text` and a newline.
    static func error(_ text: String) {
        errorRaw(text + "\n")
    }

    /// Writes `text` exactly as given (progress redraws carry their own control characters).
    static func errorRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
