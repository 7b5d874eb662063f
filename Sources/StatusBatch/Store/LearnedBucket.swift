/// A leaky-bucket limit learnt from the answers (`BucketRateLearner`): its rate in requests a second, its burst,
/// how sure the rate is, and how many refusals it was learnt from. Kept in the job, so a rerun starts under it.
public struct LearnedBucket: Sendable, Equatable {
    public var rate: Double
    public var burst: Double
    /// The rate's possible error, as a share of it.
    public var uncertainty: Double
    public var refusals: Int

    public init(rate: Double, burst: Double, uncertainty: Double, refusals: Int) {
        self.rate = rate
        self.burst = burst
        self.uncertainty = uncertainty
        self.refusals = refusals
    }

    /// The pace that keeps under the bucket: its rate less its uncertainty and half a percent for timing jitter.
    public var pace: Double { rate * (1 - uncertainty - 0.005) }
}

extension LearnedBucket {
    /// The line a learnt bucket lies on, to measure a later cycle against.
    var fit: BucketFit { BucketFit(rate: rate, intercept: burst - 1, uncertainty: uncertainty) }
}
