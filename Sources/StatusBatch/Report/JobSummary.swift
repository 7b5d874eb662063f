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
    public var runs: Int
    /// What happens to rows found in flight after a crash: `resend` or `skip`.
    public var unknownPolicy: String
    /// How closely the job kept to its rate.
    public var rateAudit: RateAudit
    public var exitStatus: Int32?
    public var stopReason: String?

    /// Outcome names in report order.
    public static let outcomeNames = ["succeeded", "failed", "gave_up", "rejected", "superseded", "unknown", "pending"]

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
