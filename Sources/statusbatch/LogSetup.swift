import Foundation
import Logging
import StatusBatch

/// Logs go to standard error through swift-log, at the level and in the format asked for.
enum LogSetup {
    /// The process's logger; `format` is `text` (swift-log's stream handler) or `json` (one object per line).
    static func logger(level: String, format: String) throws -> Logger {
        switch format {
        case "text":
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        case "json":
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) { Console.error($0) } }
        default:
            throw StatusBatchError.usage("--log-format must be text or json")
        }
        var logger = Logger(label: "statusbatch")
        logger.logLevel = Logger.Level(rawValue: level.lowercased()) ?? .notice
        return logger
    }
}
