/// A failed, gave-up or rejected row as the HTML report samples it.
public struct SampleRow: Sendable, Equatable {
    public var line: Int
    public var identifier: String
    public var label: String
    public var message: String
}

/// Aggregates for the charts of `report.html`: every answer is a bounded list, whatever the row count.
extension JobStore {
    /// Metadata entries whose key starts with `prefix`, sorted by key.
    public func metaEntries(prefix: String) throws -> [(key: String, value: String)] {
        let statement = try database.prepare("SELECT key, value FROM meta WHERE substr(key, 1, ?) = ? ORDER BY key")
        try statement.bind(.int(prefix.utf8.count), .text(prefix))
        defer { statement.reset() }
        var entries: [(String, String)] = []
        while try statement.step() { entries.append((statement.text(0) ?? "", statement.text(1) ?? "")) }
        return entries
    }

    /// The first and last request start of the attempt history.
    public func attemptSpan() throws -> (first: Double, last: Double)? {
        let statement = try database.prepare("SELECT MIN(started_at), MAX(started_at) FROM attempts")
        defer { statement.reset() }
        guard try statement.step(), let first = statement.optionalDouble(0), let last = statement.optionalDouble(1) else {
            return nil
        }
        return (first, last)
    }
}
