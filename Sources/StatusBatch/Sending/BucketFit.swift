/// A straight line through cycles of a leaky bucket, admitted = rate × length + intercept, fitted by least
/// squares; it exists only when the cycles look like a bucket's: at least three, lengths far enough apart for the
/// slope to be known within half of it,
/// every cycle within 2 requests (or 5 %) of the line, an intercept of at least 1.5 (a burst of ≥ 3; random
/// 429s give about 0), and a rate clearly under the fastest cycle's own (random 429s give the sending rate).
public struct BucketFit: Sendable, Equatable {
    public var rate: Double
    public var intercept: Double
    /// The slope's error as a share of it: ±1 request at each end of the span of lengths.
    public var uncertainty: Double

    public init(rate: Double, intercept: Double, uncertainty: Double) {
        self.rate = rate
        self.intercept = intercept
        self.uncertainty = uncertainty
    }

    /// Fits `points` of (length in seconds, requests admitted).
    init?(_ points: [(length: Double, admitted: Double)]) {
        guard points.count >= 3, let shortest = points.map(\.length).min(), let longest = points.map(\.length).max(),
              longest > shortest else { return nil }
        let count = Double(points.count)
        let meanLength = points.map(\.length).reduce(0, +) / count
        let meanAdmitted = points.map(\.admitted).reduce(0, +) / count
        let spread = points.map { ($0.length - meanLength) * ($0.length - meanLength) }.reduce(0, +)
        let covariance = points.map { ($0.length - meanLength) * ($0.admitted - meanAdmitted) }.reduce(0, +)
        let rate = covariance / spread
        let intercept = meanAdmitted - rate * meanLength
        let fastest = points.map { $0.admitted / max($0.length, 1e-3) }.max() ?? 0
        let uncertainty = 2 / ((longest - shortest) * rate)
        guard rate > 0, uncertainty <= 0.5, intercept >= 1.5, rate <= 0.97 * fastest, Self.repeatable(points),
              points.allSatisfy({ abs($0.admitted - (rate * $0.length + intercept)) <= max(2, 0.05 * $0.admitted) })
        else { return nil }
        self.init(rate: rate, intercept: intercept, uncertainty: uncertainty)
    }

    /// True when cycles sent at one rate (within 1 %) admitted about as many requests (within 2, or 10 %): a
    /// bucket's cycles at one pace are alike, random 429s' vary.
    static func repeatable(_ points: [(length: Double, admitted: Double)]) -> Bool {
        for (index, one) in points.enumerated() {
            for other in points[(index + 1)...] {
                let rates = (one.admitted / max(one.length, 1e-3), other.admitted / max(other.length, 1e-3))
                guard abs(rates.0 - rates.1) <= 0.01 * max(rates.0, rates.1) else { continue }
                if abs(one.admitted - other.admitted) > max(2, 0.1 * max(one.admitted, other.admitted)) { return false }
            }
        }
        return true
    }

    /// The shortest cycle the bucket allows at `pace` with the rate at the top of its uncertainty (∞: never refused).
    func shortestCycle(at pace: Double) -> Double {
        let excess = pace - rate * (1 - 2 * uncertainty)
        return excess > 0 ? max(intercept, 0) / excess : .infinity
    }
}
