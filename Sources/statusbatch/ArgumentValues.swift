import ArgumentParser
import Logging
import StatusBatch

/// `on` or `off`, for switches that take a value (`--adaptive on`).
enum OnOff: String, CaseIterable, ExpressibleByArgument {
    case on, off

    var isOn: Bool { self == .on }
}

/// How log lines are written on standard error.
enum LogFormat: String, CaseIterable, ExpressibleByArgument {
    /// swift-log's stream handler.
    case text
    /// One JSON object per line.
    case json
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension JobStore.Durability: ExpressibleByArgument {}
extension UnknownPolicy: ExpressibleByArgument {}
extension VerifyMode: ExpressibleByArgument {}
extension InputEncoding: ExpressibleByArgument {}
