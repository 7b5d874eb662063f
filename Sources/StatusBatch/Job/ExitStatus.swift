/// The process exit codes, documented in docs/operations.md.
public enum ExitStatus: Int32, Sendable {
    /// Every row succeeded or was superseded.
    case success = 0
    /// Finished, but some rows failed, gave up, were rejected or are unknown.
    case rowsFailed = 1
    /// Usage, configuration or input-file error; nothing (more) was sent.
    case usageError = 2
    /// Stopped early (interrupt, auth failure); running the same command resumes.
    case stoppedEarly = 3
}

/// An error that ends a command with a specific exit status and a message for the operator.
public struct StatusBatchError: Error, CustomStringConvertible, Sendable {
    public let status: ExitStatus
    public let message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// A usage/configuration/input error (exit 2).
    public static func usage(_ message: String) -> StatusBatchError { StatusBatchError(.usageError, message) }
}
