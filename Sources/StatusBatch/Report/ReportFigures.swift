/// Everything `report.html` shows beyond the summary, each part bounded whatever the number of rows.
public struct ReportFigures: Sendable {
    /// One bar of a chart.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
    }

    /// Requests and successes in one time bucket, as rates per minute.
    public struct RatePoint: Sendable, Equatable {
        /// Seconds since the first request.
        public var offset: Double
        public var requestsPerMinute: Double
        public var successesPerMinute: Double
    }

    /// The rows sampled for one error code (or rejection), with the total it stands for.
    public struct Samples: Sendable, Equatable {
        public var title: String
        public var total: Int
        public var rows: [SampleRow]
    }

    public var options: [(key: String, value: String)]
    public var bucketSeconds: Double
    public var ratePoints: [RatePoint]
    public var configuredPerMinute: Double?
    public var latency: [Bar]
    /// Rows per number of requests sent for them (the `attempts` column of results.csv).
    public var attemptsPerRow: [Bar]
    public var pauses: [Bar]
    public var errorSamples: [Samples]
    public var rejectReasons: [Bar]
    public var rejectedSamples: Samples?
    /// Error codes beyond `maxCodes`, folded into one bar and left without samples.
    public var otherCodes: Int

    /// Rows shown per error code.
    public static let samplesPerCode = 10
    /// Error codes shown one by one; the rest are counted together.
    public static let maxCodes = 20
    /// Most points of the rate chart: longer jobs get wider buckets.
    public static let maxRatePoints = 120
    /// Upper bounds of the latency buckets, in milliseconds.
    public static let latencyBounds: [Double] = [50, 100, 200, 300, 500, 750, 1000, 2000, 5000, 10000, 30000]

    /// Reads the figures from the store; `summary` supplies the counts already computed.
    /// `rows`, when given, supplies what the report pass gathered instead of scanning the rows again.
    public static func make(store: JobStore, summary: JobSummary, rows: RowDigest? = nil,
                            attempts: AttemptDigest? = nil) throws -> ReportFigures {
        let attempts = try attempts ?? AttemptDigest.make(store: store)
        let codes = summary.errorCodes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let shown = codes.prefix(maxCodes)
        let rows = try rows ?? RowDigest.make(store: store)
        let samples = rows.errorSamples
        let perRequests = rows.rowsPerRequests.sorted { $0.key < $1.key }.map { (requests: $0.key, rows: $0.value) }
        let rejected = summary.outcomes["rejected"] ?? 0
        var figures = ReportFigures(
            options: try store.metaEntries(prefix: "option."), bucketSeconds: 0, ratePoints: [],
            configuredPerMinute: summary.rateAudit.configuredPerSecond.map { $0 * 60 },
            latency: latencyBars(attempts.latencyCounts),
            attemptsPerRow: attemptBars(perRequests),
            pauses: summary.rateAudit.pausedSeconds.sorted { $0.key < $1.key }.map { Bar(label: $0.key, value: $0.value) },
            errorSamples: shown.map { Samples(title: $0.key, total: $0.value, rows: samples[$0.key] ?? []) },
            // A scan of every row: only when some were rejected.
            rejectReasons: rejected == 0 ? [] : try store.topValues(of: .rejectReason, state: .rejected, limit: 10)
                .map { Bar(label: $0.value, value: Double($0.count)) },
            rejectedSamples: rejected > 0
                ? Samples(title: "rejected", total: rejected, rows: Array(rows.rejectedSamples.prefix(samplesPerCode))) : nil,
            otherCodes: codes.dropFirst(maxCodes).reduce(0) { $0 + $1.value })
        figures.options = figures.options.map { (String($0.key.dropFirst("option.".count)), $0.value) }
        if attempts.origin != nil {
            let width = attempts.bucketSeconds
            figures.bucketSeconds = width
            // Every bucket gets a point, empty ones too, so that a quiet spell shows as zero.
            figures.ratePoints = (0...(attempts.buckets.keys.max() ?? 0)).map { bucket in
                let counts = attempts.buckets[bucket] ?? (0, 0)
                return RatePoint(offset: Double(bucket) * width, requestsPerMinute: Double(counts.requests) * 60 / width,
                                 successesPerMinute: Double(counts.successes) * 60 / width)
            }
        }
        return figures
    }

    /// The smallest round bucket width that keeps the rate chart within `maxRatePoints` points.
    static func bucketWidth(span: Double) -> Double {
        let ladder: [Double] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]
        for width in ladder where span / width < Double(maxRatePoints) { return width }
        return (span / Double(maxRatePoints) / 86400).rounded(.up) * 86400
    }

    private static func latencyBars(_ counts: [Int]) -> [Bar] {
        guard counts.contains(where: { $0 > 0 }) else { return [] }
        return counts.enumerated().map { index, count in
            let label = index < latencyBounds.count ? "<" + milliseconds(latencyBounds[index]) : "≥" + milliseconds(latencyBounds.last ?? 0)
            return Bar(label: label, value: Double(count))
        }
    }

    private static func milliseconds(_ value: Double) -> String {
        value >= 1000 ? "\(Int(value / 1000))s" : "\(Int(value))ms"
    }

    /// One bar for every request count from 1 to the highest, zero where no row needed that many.
    private static func attemptBars(_ counts: [(requests: Int, rows: Int)]) -> [Bar] {
        guard let highest = counts.last?.requests else { return [] }
        let rows = Dictionary(counts.map { ($0.requests, $0.rows) }, uniquingKeysWith: +)
        return (1...max(highest, 1)).map { Bar(label: String($0), value: Double(rows[$0] ?? 0)) }
    }
}
