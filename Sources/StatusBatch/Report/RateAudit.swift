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
    /// Seconds paused per cause (`retry_after`, `backoff`, `outage`).
    public var pausedSeconds: [String: Double]
    public var responses429: Int

    /// Builds the audit by streaming the attempt history once.
    public static func make(store: JobStore) throws -> RateAudit {
        let configured = try store.meta(JobMetaKey.configuredRate) ?? ""
        var perMinute: [(Int, Int)] = []
        var oneSecond = SlidingCount(width: 1.0)
        var tenthSecond = SlidingCount(width: 0.1)
        var requests = 0, throttled = 0, delayCount = 0
        var delaySum = 0.0, delayMax = 0.0
        try store.forEachAttempt { started, scheduled, status in
            requests += 1
            if status == 429 { throttled += 1 }
            let minute = Int((started / 60).rounded(.down))
            if perMinute.last?.0 == minute { perMinute[perMinute.count - 1].1 += 1 } else { perMinute.append((minute, 1)) }
            oneSecond.add(started)
            tenthSecond.add(started)
            if let scheduled {
                let delay = max(0, started - scheduled) * 1000
                delaySum += delay
                delayMax = max(delayMax, delay)
                delayCount += 1
            }
        }
        func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        return RateAudit(
            configuredRate: configured,
            configuredPerSecond: (try? SendRate(parsing: configured)).map { rounded($0.perSecond) },
            finalRatePerSecond: Double(try store.meta(JobMetaKey.finalRate) ?? "").map(rounded),
            rateDecreases: Int(try store.meta(JobMetaKey.rateDecreases) ?? "") ?? 0,
            requests: requests,
            requestsPerMinute: perMinute.map { Minute(minute: Timestamp.iso(Double($0.0 * 60)), requests: $0.1) },
            maxRequestsInOneSecond: oneSecond.maximum, maxRequestsInTenthSecond: tenthSecond.maximum,
            startDelayMeanMs: delayCount > 0 ? rounded(delaySum / Double(delayCount)) : nil,
            startDelayMaxMs: delayCount > 0 ? rounded(delayMax) : nil,
            pausedSeconds: try store.pausedSeconds().mapValues(rounded), responses429: throttled)
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
