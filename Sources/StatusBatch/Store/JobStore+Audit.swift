/// Reading the attempt history and pauses back, for the rate-accuracy audit.
extension JobStore {
    /// Calls `body` for every request in start order with what the charts need too: duration and success.
    public func forEachAttempt(
        _ body: (_ startedAt: Double, _ scheduledAt: Double?, _ status: Int?, _ durationMs: Double?, _ succeeded: Bool) throws -> Void
    ) throws {
        let statement = try database.prepare("""
            SELECT started_at, scheduled_at, http_status, duration_ms, outcome = '\(AttemptOutcome.success.rawValue)' FROM attempts ORDER BY started_at
            """)
        defer { statement.reset() }
        while try statement.step() {
            try body(statement.double(0), statement.optionalDouble(1), statement.optionalInt(2),
                     statement.optionalDouble(3), statement.int(4) != 0)
        }
    }

    /// Seconds the pool was paused, per cause.
    public func pausedSeconds() throws -> [String: Double] {
        let statement = try database.prepare("SELECT cause, SUM(MAX(ended_at - started_at, 0)) FROM pauses GROUP BY cause")
        defer { statement.reset() }
        var result: [String: Double] = [:]
        while try statement.step() { result[statement.text(0) ?? ""] = statement.double(1) }
        return result
    }
}
