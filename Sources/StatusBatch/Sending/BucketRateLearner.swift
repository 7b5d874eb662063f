/// Learns a leaky-bucket limit (like nginx `limit_req`: R requests a second with a burst) from 429s spread
/// between admissions. Each refusal ends a *cycle* that began with the first request admitted after the previous
/// refusal (after that refusal's pause the bucket has drained). Sent faster than R, a bucket admits R·T + I
/// requests in a cycle of T seconds before it refuses one (I is about the burst less one), so a straight line
/// through the cycles' (T, admitted) gives R as its slope (`BucketFit`). Random 429s on a healthy server give a
/// line through zero at the sending rate itself, which is not taken for a bucket.
///
/// Cycles all of one length (sent at one rate, a Retry-After pause after each) give no line: the learner then
/// tries half that rate, and halves the distance while a pace holds (a *trial*, once). With a line, the pace
/// makes the next cycle about three times as long as the longest so far (`learning`: each refusal narrows the
/// slope); once R is known within 1 % it paces just under it (`LearnedBucket.pace`) and is not refused again.
/// A refusal there that a bucket slightly slower than learnt explains corrects it; two that nothing explains
/// within `noiseWindow` seconds forget it (the limit changed, or the 429s are random; the adaptive rate handles
/// those meanwhile). After `probeAfter` seconds settled it tries 5 % faster steps until refused (the limit may
/// have been raised). Times are request start times (when the server counted them). Pure.
public struct BucketRateLearner: Sendable, Equatable {
    /// One cycle between refusals: its length in seconds and the requests admitted in it.
    struct Cycle: Sendable, Equatable {
        var length: Double
        var admitted: Int

        var point: (length: Double, admitted: Double) { (length, Double(admitted)) }
    }

    /// What the learner knows, and so how it paces.
    enum Phase: Sendable, Equatable {
        /// Nothing: the adaptive rate paces.
        case watching
        /// Looking for a pace that gives a cycle of another length: `low` held, `high` was refused (∞: raise by 5 %
        /// steps); `known` is the bucket a probe set out from.
        case trial(low: Double, high: Double, intercept: Double, known: BucketFit?)
        /// A line through the cycles; the pace makes the next cycle `targetLength` long.
        case learning(BucketFit, targetLength: Double)
        case settled(LearnedBucket, since: Double)
    }

    /// What a refusal was to the learner.
    public enum Verdict: Sendable, Equatable {
        /// Part of learning the bucket, or a correction of it: the pace it sets is the answer.
        case explained
        /// Nothing learnt explains it: the adaptive rate takes it as usual.
        case unexplained
    }

    public static let probeAfter = 300.0
    public static let noiseWindow = 10.0
    /// The slope's uncertainty (a share of R) at which learning stops.
    public static let settleUncertainty = 0.01
    /// Cycles kept for the fit.
    static let keptCycles = 6

    private(set) var phase = Phase.watching
    private var cycles: [Cycle] = []
    private var cycleStart: Double?
    private var admittedInCycle = 0
    private var lastRefusal = -Double.infinity
    /// When sending resumes after the last refusal's pause: requests started before it were in flight when the 429
    /// came back (they belong to the overshoot, and the bucket had not drained for them).
    private var resumeAt = -Double.infinity
    private var lastUnexplained = -Double.infinity
    /// True once a trial found no line: cycles of one length are left to the adaptive rate from then on.
    private var trialSpent = false
    /// Refusals in the current trial that gave no line.
    private var trialRefusals = 0
    /// Refusals the estimate was learnt from.
    private var refusals = 0

    /// Starts from a bucket an earlier run learnt (settled under it), or from scratch.
    public init(remembered: LearnedBucket? = nil) {
        // Settled since the first admission (-∞ until then): the probe comes `probeAfter` seconds into the run.
        if let remembered { phase = .settled(remembered, since: -.infinity) }
    }

    /// The bucket paced under, once settled (or remembered from an earlier run).
    public var learnt: LearnedBucket? {
        if case .settled(let bucket, _) = phase { return bucket }
        return nil
    }

    /// True when the learner sets the pace, so its 429s are its own (the adaptive rate need not fall for them).
    public var isPacing: Bool { phase != .watching }

    /// True once a line through the cycles (or a learnt bucket) sets the pace: the adaptive rate may stand aside.
    public var knowsBucket: Bool {
        switch phase {
        case .learning, .settled: return true
        case .watching, .trial: return false
        }
    }

    /// The pace: just under a learnt bucket; while learning, faster than the fitted R by what makes the next cycle
    /// `targetLength` long; in a trial, between what held and what was refused; nil while watching.
    public var pace: Double? {
        switch phase {
        case .watching: return nil
        case .trial(let low, let high, _, _): return high.isFinite ? (low + high) / 2 : low * 1.05
        case .learning(let fit, let targetLength): return fit.rate + fit.intercept / targetLength
        case .settled(let bucket, _): return bucket.pace
        }
    }

    /// A request started at `startedAt` was admitted; returns true when the pace changed.
    public mutating func admitted(startedAt: Double) -> Bool {
        // Started before the last refusal's pause ended: it belongs to the overshoot the refusal ended.
        guard startedAt > lastRefusal && startedAt >= resumeAt else { return false }
        if cycleStart == nil { cycleStart = startedAt }
        admittedInCycle += 1
        let length = startedAt - (cycleStart ?? startedAt)
        switch phase {
        case .watching:
            return false
        case .trial(let low, let high, let intercept, let known):
            // A pace 5 % over R is refused within intercept / (5 % of R) seconds: held twice that long, it is under.
            guard let pace, length >= max(2, 2 * intercept / (0.05 * pace)) else { return false }
            phase = .trial(low: max(low, pace), high: high, intercept: intercept, known: known)
            restartCycle(at: startedAt)
            return true
        case .learning(let fit, let targetLength):
            guard length > 2 * targetLength + 1, let pace else { return false }
            // Held at the learning pace for twice the cycle it should have lasted: the fit was low. Faster by 5 %
            // steps until refused; that cycle, with the fit's burst, gives R.
            startTrial(low: pace, high: .infinity, intercept: fit.intercept, known: fit, at: startedAt)
            return true
        case .settled(let bucket, let since):
            guard since > -.infinity else {
                phase = .settled(bucket, since: startedAt)
                return false
            }
            guard startedAt - since >= Self.probeAfter else { return false }
            startTrial(low: bucket.rate, high: .infinity, intercept: bucket.burst - 1, known: bucket.fit, at: startedAt)
            return true
        }
    }

    /// A 429 for a request started at `startedAt`; the pool resumes sending at `resumeAt` (its pause).
    public mutating func refused(startedAt: Double, resumeAt: Double) -> Verdict {
        // Started before the last refusal's pause ended: the same overshoot (the pause had not begun).
        guard startedAt > lastRefusal && startedAt >= self.resumeAt else { return isPacing ? .explained : .unexplained }
        lastRefusal = startedAt
        self.resumeAt = resumeAt
        defer { cycleStart = nil; admittedInCycle = 0 }
        guard let start = cycleStart, admittedInCycle > 0 else { return isPacing ? .explained : .unexplained }
        let cycle = Cycle(length: startedAt - start, admitted: admittedInCycle)
        // With a bucket known (settled under it, or probing above it), the rate this cycle implies with its burst.
        var known: BucketFit?
        switch phase {
        case .settled(let bucket, _): known = bucket.fit
        case .trial(_, _, _, let probed): known = probed
        default: break
        }
        if case .learning(let fit, _) = phase, let pace, cycle.length < 0.5 * fit.shortestCycle(at: pace) {
            // Refused far sooner than the bucket fitted allows at this pace, even at the edge of its uncertainty.
            return unexplained(at: startedAt)
        }
        var oneCycle: BucketFit?
        if let known {
            let implied = (Double(cycle.admitted) - known.intercept) / max(cycle.length, 1e-3)
            // A little slower than known (by ≤ 5 %) explains a long cycle at a pace meant to be under it.
            if implied >= known.rate * 0.95 {
                oneCycle = BucketFit(rate: implied, intercept: known.intercept, uncertainty: 1 / Double(cycle.admitted))
            } else if learnt != nil {
                return unexplained(at: startedAt)
            }
        }
        cycles.append(cycle)
        if cycles.count > Self.keptCycles { cycles.removeFirst() }
        refusals += 1
        if let fit = Self.bestFit(cycles) ?? oneCycle {
            if fit.uncertainty <= Self.settleUncertainty {
                settle(fit, at: startedAt)
            } else {
                phase = .learning(fit, targetLength: max(1, 3 * (cycles.map(\.length).max() ?? 1)))
            }
            return .explained
        }
        switch phase {
        case .watching where cycles.count >= 4 && !trialSpent && cycles.suffix(4).allSatisfy({ $0.admitted >= 3 })
                && BucketFit.repeatable(cycles.suffix(4).map(\.point)):
            // Four cycles alike (a bucket's, sent at one rate; random 429s seldom give four): try half their rate
            // for a cycle of another length.
            let rates = cycles.suffix(4).map { $0.point.admitted / max($0.length, 1e-3) }
            phase = .trial(low: 0, high: rates.min() ?? 0, intercept: Double(cycles.map(\.admitted).min() ?? 1), known: nil)
            trialRefusals = 0
            return .explained
        case .trial(let low, _, let intercept, nil) where trialRefusals < 2 && Double(cycle.admitted) > intercept:
            // Refused at the trial's pace too, and still no line: halve the distance to what held. (A bucket admits
            // more in a cycle at a slower pace; random 429s need not.)
            trialRefusals += 1
            phase = .trial(low: low, high: pace ?? low, intercept: intercept, known: nil)
            return .explained
        case .watching:
            return .unexplained
        default:
            // The cycles lie on no line: not a bucket after all.
            trialSpent = true
            return unexplained(at: startedAt)
        }
    }

    /// A refusal nothing learnt explains; a second within `noiseWindow` forgets what was learnt.
    private mutating func unexplained(at time: Double) -> Verdict {
        if isPacing && time - lastUnexplained < Self.noiseWindow {
            phase = .watching
            cycles.removeAll()
            refusals = 0
        }
        lastUnexplained = time
        return .unexplained
    }

    private mutating func settle(_ fit: BucketFit, at time: Double) {
        phase = .settled(LearnedBucket(rate: fit.rate, burst: fit.intercept + 1, uncertainty: fit.uncertainty,
                                       refusals: refusals), since: time)
    }

    private mutating func startTrial(low: Double, high: Double, intercept: Double, known: BucketFit?, at time: Double) {
        phase = .trial(low: low, high: high, intercept: intercept, known: known)
        trialRefusals = 0
        restartCycle(at: time)
    }

    /// The pace changed while a cycle ran (a trial's pace held): the next cycle starts here.
    private mutating func restartCycle(at time: Double) {
        cycleStart = time
        admittedInCycle = 1
    }

    /// The line through the most recent cycles that passes `BucketFit`'s tests (older ones may come from a bucket
    /// that was not empty, or from before a change); nil when none does.
    static func bestFit(_ cycles: [Cycle]) -> BucketFit? {
        guard cycles.count >= 3 else { return nil }
        for first in 0...(cycles.count - 3) {
            if let fit = BucketFit(cycles[first...].map(\.point)) { return fit }
        }
        return nil
    }
}
