/// A request rate such as `10/s`, `600/m` or `5` (per second).
public struct SendRate: Sendable, Equatable, CustomStringConvertible {
    public let perSecond: Double
    /// As the user wrote it, for messages and the summary.
    public let text: String

    /// Parses `N/s`, `N/sec`, `N/m`, `N/min`, `N/h` or a bare `N` (per second); `option` names the flag in errors.
    public init(parsing text: String, option: String = "--rate") throws {
        let parts = text.lowercased().split(separator: "/", maxSplits: 1).map { String($0).trimmingCharactersInSet() }
        guard let count = parts.first.flatMap(Double.init), count > 0, count.isFinite else {
            throw StatusBatchError.usage("\(option) \(text): expected a positive number per second or minute, e.g. 10/s or 100/m")
        }
        let unit = parts.count > 1 ? parts[1] : (text.contains("/") ? "" : "s")
        switch unit {
        case "s", "sec", "second": perSecond = count
        case "m", "min", "minute": perSecond = count / 60
        case "h", "hour": perSecond = count / 3600
        default: throw StatusBatchError.usage("\(option) \(text): the unit must be s, m or h")
        }
        self.text = text
    }

    /// A rate of `perMinute` requests a minute, written `N/m` (N to two decimals at most).
    public init(perMinute: Double) {
        perSecond = perMinute / 60
        text = String(format: "%g/m", (perMinute * 100).rounded(.down) / 100)
    }

    public var description: String { text }
    /// Seconds between request starts.
    public var interval: Double { 1 / perSecond }
}
