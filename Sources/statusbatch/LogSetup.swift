import Foundation
import Logging

/// Logs go to standard error through swift-log, at the level asked for.
enum LogSetup {
    static func logger(level: String) -> Logger {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        var logger = Logger(label: "statusbatch")
        logger.logLevel = Logger.Level(rawValue: level.lowercased()) ?? .notice
        return logger
    }
}
