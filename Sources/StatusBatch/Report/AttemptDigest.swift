/// One pass over the attempt history in start order, for both the rate audit and the charts of
/// report.html (each used to scan the history on its own, a second apiece on a million requests).
public struct AttemptDigest: Sendable {
    public private(set) var requests = 0
    public private(set) var responses429 = 0
    /// Requests per minute (minutes since 1970, count), in order.
    public private(set) var perMinute: [(minute: Int, requests: Int)] = []
    public private(set) var maxInOneSecond = 0
    public private(set) var maxInTenthSecond = 0
    public private(set) var delayCount = 0
    public private(set) var delaySumMs = 0.0
    public private(set) var delayMaxMs = 0.0
    /// Counts per `ReportFigures.latencyBounds` bucket (the last for the rest).
    public private(set) var latencyCounts = Array(repeating: 0, count: ReportFigures.latencyBounds.count + 1)
    /// The first request's start, the width of the rate chart's buckets, and requests and successes per bucket.
    public private(set) var origin: Double?
    public private(set) var bucketSeconds = 0.0
    public private(set) var buckets: [Int: (requests: Int, successes: Int)] = [:]

    /// Reads the whole history once.
    public static func make(store: JobStore) throws -> AttemptDigest {
        var digest = AttemptDigest()
        guard let span = try store.attemptSpan() else { return digest }
        digest.origin = span.first
        digest.bucketSeconds = ReportFigures.bucketWidth(span: span.last - span.first)
        // Whole milliseconds, so that a start exactly on a bucket edge is not split by rounding noise.
        let widthMs = max(1, Int((digest.bucketSeconds * 1000).rounded()))
        var oneSecond = SlidingCount(width: 1.0)
        var tenthSecond = SlidingCount(width: 0.1)
        let bounds = ReportFigures.latencyBounds
        // The chart has at most a few hundred buckets: counted in an array (a dictionary per request was most of the pass).
        var bucketCounts = Array(repeating: (requests: 0, successes: 0),
                                 count: Int(((span.last - span.first) * 1000).rounded()) / widthMs + 1)
        try store.forEachAttempt { started, scheduled, status, duration, succeeded in
            digest.requests += 1
            if status == 429 { digest.responses429 += 1 }
            let minute = Int((started / 60).rounded(.down))
            if digest.perMinute.last?.minute == minute {
                digest.perMinute[digest.perMinute.count - 1].requests += 1
            } else {
                digest.perMinute.append((minute, 1))
            }
            oneSecond.add(started)
            tenthSecond.add(started)
            if let scheduled {
                let delay = max(0, started - scheduled) * 1000
                digest.delaySumMs += delay
                digest.delayMaxMs = max(digest.delayMaxMs, delay)
                digest.delayCount += 1
            }
            if let duration {
                var index = 0
                while index < bounds.count && duration >= bounds[index] { index += 1 }
                digest.latencyCounts[index] += 1
            }
            let bucket = min(bucketCounts.count - 1, max(0, Int(((started - span.first) * 1000).rounded()) / widthMs))
            bucketCounts[bucket].requests += 1
            if succeeded { bucketCounts[bucket].successes += 1 }
        }
        for (bucket, counts) in bucketCounts.enumerated() where counts.requests > 0 { digest.buckets[bucket] = counts }
        digest.maxInOneSecond = oneSecond.maximum
        digest.maxInTenthSecond = tenthSecond.maximum
        return digest
    }
}
