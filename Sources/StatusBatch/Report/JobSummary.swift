/// The machine-readable summary of a job, written as `summary.json`.
public struct JobSummary: Codable, Sendable, Equatable {
    public var input: String
    public var inputSize: Int
    public var inputSha256: String
    public var jobDirectory: String
    public var target: String
    public var startedAt: String?
    public var endedAt: String?
    public var durationSeconds: Double?
    /// Input records (data lines) in the job.
    public var rows: Int
    /// Rows per outcome name; every outcome is present, zero or not.
    public var outcomes: [String: Int]
    /// Failed and gave-up rows per API code (or `HTTP nnn`).
    public var errorCodes: [String: Int]
    /// Requests sent over all runs: the sum of the `attempts` column of results.csv.
    public var requests: Int
    public var configuredRate: String
    /// Requests per second between the first request and the last answer.
    public var achievedRatePerSecond: Double?
    /// Rows found in flight after a crash and sent again.
    public var resentAfterUnknown: Int
    /// Rows whose answer carried API warnings (see the warnings column of results.csv).
    public var rowsWithWarnings: Int
    /// Rows with a timed-out request: sent again, so they may have been applied twice.
    public var rowsWithTimeouts: Int
    /// What the read-back calls did: uncertain rows, how they were settled, verifications, reads spent.
    public var readBack = ReadBackTotals()
    public var runs: Int
    /// What happens to rows found in flight after a crash: `resend` or `skip`.
    public var unknownPolicy: String
    /// How closely the job kept to its rate.
    public var rateAudit: RateAudit
    public var exitStatus: Int32?
    public var stopReason: String?

    /// Outcome names in report order.
    public static let outcomeNames = ["succeeded", "failed", "gave_up", "rejected", "superseded", "unknown", "uncertain", "pending"]

    /// A summary of a job that has been stored but not sent (`run --ingest-only`): counts only, no scan.
    static func stored(input: String, jobDirectory: String, counts: [RowState: Int]) -> JobSummary {
        var outcomes = Dictionary(uniqueKeysWithValues: outcomeNames.map { ($0, 0) })
        for (state, count) in counts { outcomes[RowOutcomeName.of(state), default: 0] += count }
        let audit = RateAudit(configuredRate: "", configuredPerSecond: nil, finalRatePerSecond: nil, rateDecreases: 0,
                              requests: 0, requestsPerMinute: [], maxRequestsInOneSecond: 0, maxRequestsInTenthSecond: 0,
                              startDelayMeanMs: nil, startDelayMaxMs: nil, pausedSeconds: [:], responses429: 0)
        return JobSummary(
            input: input, inputSize: 0, inputSha256: "", jobDirectory: jobDirectory, target: "", startedAt: nil, endedAt: nil,
            durationSeconds: nil, rows: counts.values.reduce(0, +), outcomes: outcomes, errorCodes: [:], requests: 0,
            configuredRate: "", achievedRatePerSecond: nil, resentAfterUnknown: 0, rowsWithWarnings: 0, rowsWithTimeouts: 0,
            runs: 0, unknownPolicy: "", rateAudit: audit, exitStatus: nil, stopReason: nil)
    }
}

/// Rows whose effect was uncertain and how each was settled, what `--verify all` found, and the reads spent.
public struct ReadBackTotals: Codable, Sendable, Equatable {
    /// Rows with at least one uncertain update (answer lost, timed out, not the success document, in flight
    /// when a run died).
    public var uncertainRows = 0
    /// Succeeded rows whose uncertain update a read found applied: not sent again.
    public var confirmedByReadBack = 0
    /// Succeeded rows sent again after an uncertain update without a read settling it (reads unavailable or
    /// `--verify off`): they may have been applied twice.
    public var resent = 0
    /// Succeeded rows read back by `--verify all`: still ours, changed since, or not readable.
    public var verified = 0
    public var mismatched = 0
    public var unchecked = 0
    /// Rows whose label before the update was read (`--record-previous`).
    public var previousRecorded = 0
    /// Read-back calls (lookups and status logs) made, over all runs.
    public var reads = 0
    /// Why the read-back calls could not be used, when a run found out.
    public var readsUnavailable: String?

    public init() {}
}
