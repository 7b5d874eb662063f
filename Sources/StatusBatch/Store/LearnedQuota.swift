/// A quota per window learnt from the answers: how many requests a window admits and how long it is. Kept in
/// the job (`JobStore.setLearntQuota`) so that a rerun starts under it instead of learning it again.
public struct LearnedQuota: Sendable, Equatable {
    public var quota: Int
    public var window: Double

    public init(quota: Int, window: Double) {
        self.quota = quota
        self.window = window
    }

    /// The even pace that keeps every window (fixed or sliding) under the quota, `margin` below it.
    public func rate(margin: Double) -> Double { Double(quota) * (1 - margin) / window }

    /// The same window with the quota times `factor`, rounded away from the quota it had (at least 1).
    public func scaled(by factor: Double) -> LearnedQuota {
        let scaled = Double(quota) * factor
        return LearnedQuota(quota: max(1, Int(factor < 1 ? scaled.rounded(.down) : scaled.rounded(.up))), window: window)
    }
}
