import Foundation

/// A snapshot of a job for `statusbatch status`, readable while a run writes (WAL readers).
public struct JobStatus: Sendable {
    public var directory: String
    public var input: String
    public var counts: [String: Int]
    public var rows: Int
    /// Rows still to send (pending, waiting or claimed).
    public var remaining: Int
    /// Whether a runner holds the job's lock, and its pid.
    public var runnerActive: Bool
    public var runnerPid: String?
    /// Answers per second over the last 30 seconds.
    public var recentRatePerSecond: Double
    /// Seconds until the remaining rows are done at the recent rate, when a runner is active.
    public var etaSeconds: Double?
    public var lastError: String?
    /// What the latest run held back for a systematic mistake, with the rows still waiting for each.
    public var held: [(constant: HeldConstant, rows: Int)] = []
    /// The per-window quota a run of the job learnt from 429s (a rerun starts under it).
    public var learntLimit: LearnedLimit?

    /// Reads the job in `directory` without taking its lock.
    public static func read(directory: String, now: Double = Date().timeIntervalSince1970) throws -> JobStatus {
        let path = directory + "/job.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw StatusBatchError.usage("\(directory): not a job folder (no job.sqlite)")
        }
        let store = try JobStore(path: path, readOnly: true)
        let byState = try store.countsByState()
        var counts = Dictionary(uniqueKeysWithValues: JobSummary.outcomeNames.map { ($0, 0) })
        for (state, count) in byState where state != .inFlight { counts[RowOutcomeName.of(state), default: 0] += count }
        counts["in_flight"] = byState[.inFlight] ?? 0
        let remaining = byState.total(of: RowState.unfinished)
        let holder = JobLock.holder(of: directory)
        // Answers over the last 30 s, divided by the time they actually span.
        let recent = try store.answersSince(now - 30)
        let span = recent.first.map { max(1, now - $0) } ?? 30
        let rate = Double(recent.count) / span
        var lastError: String?
        if let error = try store.lastError() {
            lastError = "line \(error.line) at \(Timestamp.iso(error.at)): \(error.code.map { "\($0) " } ?? "")\(error.message)"
        }
        var status = JobStatus(
            directory: directory, input: try store.meta(JobMetaKey.inputPath) ?? "", counts: counts,
            rows: byState.values.reduce(0, +), remaining: remaining, runnerActive: holder.held, runnerPid: holder.pid,
            recentRatePerSecond: rate,
            etaSeconds: holder.held && rate > 0 ? Double(remaining) / rate : nil, lastError: lastError)
        status.held = try store.held().map { ($0, try store.unfinishedRowCount(heldBy: $0.rowsHeld)) }
        status.learntLimit = try store.learntLimit()
        return status
    }
}
