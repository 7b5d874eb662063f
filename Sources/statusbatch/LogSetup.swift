import Foundation
import Logging
import StatusBatch

/// Logs go to standard error through swift-log, at the level and in the format asked for.
enum LogSetup {
    /// The process's logger.
    static func logger(level: Logger.Level, format: LogFormat) -> Logger {
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) { Console.error($0) } }
        }
        var logger = Logger(label: "statusbatch")
        logger.logLevel = level
        return logger
    }
}
