import Foundation

/// A limit of the API learnt from its 429s: a quota per window, or a leaky bucket. Kept in the job as JSON
/// (`{"shape":"window","quota":300,"window":60}`, `{"shape":"bucket","rate":20,"burst":5,...}`), so a rerun starts
/// under it; shown by `status`, the progress line, summary.json and report.html.
public enum LearnedLimit: Sendable, Equatable, Codable {
    case window(LearnedQuota)
    case bucket(LearnedBucket)

    /// The pace requests keep under it.
    public var pace: Double {
        switch self {
        case .window(let quota): return quota.pace
        case .bucket(let bucket): return bucket.pace
        }
    }

    /// The limit in a few words: `300 requests per 60.0 s window`, `20.00 requests/s, burst about 5`.
    public var text: String {
        switch self {
        case .window(let quota): return String(format: "%d requests per %.1f s window", quota.quota, quota.window)
        case .bucket(let bucket): return String(format: "%.2f requests/s, burst about %.0f", bucket.rate, bucket.burst)
        }
    }

    /// How it was learnt.
    public var how: String {
        switch self {
        case .window: return "a quota per window, learnt from runs of 429s that ended at the window's boundaries"
        case .bucket(let bucket):
            return String(format: "a leaky bucket, learnt from %d refusal(s) spread between admissions (rate within ±%.1f %%)",
                          bucket.refusals, bucket.uncertainty * 100)
        }
    }

    /// The limit for a narrow line: `quota 300/60s`, `limit 20.0/s`.
    public var short: String {
        switch self {
        case .window(let quota): return String(format: "quota %d/%.0fs", quota.quota, quota.window)
        case .bucket(let bucket): return String(format: "limit %.1f/s", bucket.rate)
        }
    }

    private enum CodingKeys: String, CodingKey { case shape, quota, window, rate, burst, uncertainty, refusals }
    private enum Shape: String, Codable { case window, bucket }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Shape.self, forKey: .shape) {
        case .window:
            self = .window(LearnedQuota(quota: try container.decode(Int.self, forKey: .quota),
                                        window: try container.decode(Double.self, forKey: .window)))
        case .bucket:
            self = .bucket(LearnedBucket(rate: try container.decode(Double.self, forKey: .rate),
                                         burst: try container.decode(Double.self, forKey: .burst),
                                         uncertainty: try container.decode(Double.self, forKey: .uncertainty),
                                         refusals: try container.decode(Int.self, forKey: .refusals)))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .window(let quota):
            try container.encode(Shape.window, forKey: .shape)
            try container.encode(quota.quota, forKey: .quota)
            try container.encode(quota.window, forKey: .window)
        case .bucket(let bucket):
            try container.encode(Shape.bucket, forKey: .shape)
            try container.encode(bucket.rate, forKey: .rate)
            try container.encode(bucket.burst, forKey: .burst)
            try container.encode(bucket.uncertainty, forKey: .uncertainty)
            try container.encode(bucket.refusals, forKey: .refusals)
        }
    }
}
