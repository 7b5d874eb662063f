/// How closely the job kept to its rate, computed from the attempt history (`summary.json` → `rate_audit`).
public struct RateAudit: Codable, Sendable, Equatable {
    /// Requests started in one minute (UTC, minute start as ISO 8601).
    public struct Minute: Codable, Sendable, Equatable {
        public var minute: String
        public var requests: Int
    }

    public var configuredRate: String
    public var configuredPerSecond: Double?
    /// The adaptive rate at the end of the latest run, and how often it was lowered.
    public var finalRatePerSecond: Double?
    public var rateDecreases: Int
    public var requests: Int
    public var requestsPerMinute: [Minute]
    /// The most requests started in any 1 s and any 100 ms window.
    public var maxRequestsInOneSecond: Int
    public var maxRequestsInTenthSecond: Int
    /// How late requests started against the pacer's schedule, in milliseconds.
    public var startDelayMeanMs: Double?
    public var startDelayMaxMs: Double?
    /// Seconds paused per cause (`PauseCause` raw values: `retry_after`, `backoff`, `outage`, `health_check`).
    public var pausedSeconds: [String: Double]
    public var responses429: Int
    /// The API's limit learnt from its 429s and kept in the job (`LearnedLimit`'s JSON), when one was.
    public var learntLimit: LearnedLimit?

    /// Builds the audit from the attempt history (read once here unless `attempts` already holds it).
    public static func make(store: JobStore, attempts: AttemptDigest? = nil) throws -> RateAudit {
        let configured = try store.meta(JobMetaKey.configuredRate) ?? ""
        let digest = try attempts ?? AttemptDigest.make(store: store)
        func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        return RateAudit(
            configuredRate: configured,
            configuredPerSecond: (try? SendRate(parsing: configured)).map { rounded($0.perSecond) },
            finalRatePerSecond: Double(try store.meta(JobMetaKey.finalRate) ?? "").map(rounded),
            rateDecreases: Int(try store.meta(JobMetaKey.rateDecreases) ?? "") ?? 0,
            requests: digest.requests,
            requestsPerMinute: digest.perMinute.map { Minute(minute: Timestamp.iso(Double($0.minute * 60)), requests: $0.requests) },
            maxRequestsInOneSecond: digest.maxInOneSecond, maxRequestsInTenthSecond: digest.maxInTenthSecond,
            startDelayMeanMs: digest.delayCount > 0 ? rounded(digest.delaySumMs / Double(digest.delayCount)) : nil,
            startDelayMaxMs: digest.delayCount > 0 ? rounded(digest.delayMaxMs) : nil,
            pausedSeconds: try store.pausedSeconds().mapValues(rounded), responses429: digest.responses429,
            learntLimit: try store.learntLimit())
    }
}

/// The most events in any window of `width` seconds, fed with times in ascending order.
struct SlidingCount {
    let width: Double
    private var times: [Double] = []
    private var head = 0
    private(set) var maximum = 0

    init(width: Double) { self.width = width }

    mutating func add(_ time: Double) {
        times.append(time)
        while times[head] <= time - width { head += 1 }
        maximum = max(maximum, times.count - head)
        if head > 65_536 { times.removeFirst(head); head = 0 }
    }
}
