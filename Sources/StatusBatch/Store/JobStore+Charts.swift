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


    /// Rows per number of requests sent for them, throttled ones included (rows never sent are left out).
    public func rowsPerRequestCount() throws -> [(requests: Int, rows: Int)] {
        let statement = try database.prepare("SELECT requests, COUNT(*) FROM rows WHERE requests > 0 GROUP BY 1 ORDER BY 1")
        defer { statement.reset() }
        var counts: [(Int, Int)] = []
        while try statement.step() { counts.append((statement.int(0), statement.int(1))) }
        return counts
    }

    /// The first `limit` failed or gave-up rows for each error code (named as in `countsByErrorCode`).
    public func errorSamples(limit: Int) throws -> [String: [SampleRow]] {
        let statement = try database.prepare("""
            SELECT COALESCE(api_code, 'HTTP ' || http_status, 'none'), line, identifier_name, identifier_value, label, api_message
            FROM rows WHERE state IN ('failed', 'gave_up') ORDER BY id
            """)
        defer { statement.reset() }
        var samples: [String: [SampleRow]] = [:]
        while try statement.step() {
            let code = statement.text(0) ?? "none"
            guard samples[code, default: []].count < limit else { continue }
            samples[code, default: []].append(SampleRow(
                line: statement.int(1), identifier: (statement.text(2) ?? "") + " " + (statement.text(3) ?? ""),
                label: statement.text(4) ?? "", message: statement.text(5) ?? ""))
        }
        return samples
    }

    /// The first `limit` rejected rows with the reason each could not be sent.
    public func rejectedSamples(limit: Int) throws -> [SampleRow] {
        let statement = try database.prepare("""
            SELECT line, identifier_name, identifier_value, label, reject_reason
            FROM rows WHERE state = 'rejected' ORDER BY id LIMIT ?
            """)
        try statement.bind(.int(limit))
        defer { statement.reset() }
        var samples: [SampleRow] = []
        while try statement.step() {
            let name = statement.text(1) ?? "", value = statement.text(2) ?? ""
            samples.append(SampleRow(line: statement.int(0), identifier: name.isEmpty && value.isEmpty ? "" : name + " " + value,
                                     label: statement.text(3) ?? "", message: statement.text(4) ?? ""))
        }
        return samples
    }
}

/// What one scan of the rows table tells the summary.
public struct RowTotals: Sendable, Equatable {
    public var counts: [RowState: Int] = [:]
    public var resentAfterUnknown = 0
    public var rowsWithWarnings = 0
    /// The first request and the last answer over all rows, and all requests.
    public var firstSent: Double?
    public var lastFinished: Double?
    public var requests = 0
}

extension JobStore {
    /// Counts by state and the summary's other row totals in a single scan (reports of large jobs
    /// spent most of their summary time scanning the table once per figure).
    public func rowTotals() throws -> RowTotals {
        // Conditional sums instead of GROUP BY state, which made SQLite sort every row first.
        let states = RowState.allCases
        let perState = states.map { "SUM(state = '\($0.rawValue)')" }.joined(separator: ", ")
        let statement = try database.prepare("""
            SELECT \(perState), COALESCE(SUM(unknown_count > 0 AND state != 'unknown'), 0),
                   COALESCE(SUM(warnings IS NOT NULL AND warnings != '[]'), 0), MIN(first_sent_at), MAX(finished_at),
                   COALESCE(SUM(requests), 0)
            FROM rows
            """)
        defer { statement.reset() }
        var totals = RowTotals()
        guard try statement.step() else { return totals }
        for (index, state) in states.enumerated() where statement.int(Int32(index)) > 0 {
            totals.counts[state] = statement.int(Int32(index))
        }
        let next = Int32(states.count)
        totals.resentAfterUnknown = statement.int(next)
        totals.rowsWithWarnings = statement.int(next + 1)
        totals.firstSent = statement.optionalDouble(next + 2)
        totals.lastFinished = statement.optionalDouble(next + 3)
        totals.requests = statement.int(next + 4)
        return totals
    }
}
