/// AIMD control of the request rate, with a remembered limit (like TCP's ssthresh): a 429 halves the
/// rate (at most once per `cooldown`) and remembers the rate that was refused; after `quietPeriod`
/// without 429s the rate climbs back in additive steps, but only to `headroom` × the lowest refused
/// rate, so the refusals stop once the server's limit is found. After `probeAfter` seconds without a
/// 429 the remembered limit is raised by 10 %, in case the server's limit went up.
///
/// Noise: when the answers are counted (`answered`), each rate keeps the share of 429s it got. If
/// halving the rate did not lower that share (a gateway refusing at random, not a limit), the
/// decrease is undone and 429s at up to 1.5 × that share are treated as noise from then on. Pure.
public struct AdaptiveRate: Sendable, Equatable {
    public let ceiling: Double
    public let floor: Double
    public private(set) var current: Double
    /// The lowest rate that got a 429 (the ceiling until one comes).
    public private(set) var refusedRate: Double
    /// Seconds between two decreases, so a burst of 429s for one overshoot halves the rate once.
    public var cooldown = 1.0
    /// Seconds without 429s before the rate may rise, and between two rises.
    public var quietPeriod = 5.0
    public var stepInterval = 2.0
    /// Each rise adds this fraction of the ceiling.
    public var stepFraction = 0.05
    public var decreaseFactor = 0.5
    /// The rate climbs back to at most this fraction of the refused rate.
    public var headroom = 0.9
    public var probeAfter = 300.0
    private var lastDecrease = -Double.infinity
    private var lastThrottle = -Double.infinity
    private var lastStep = -Double.infinity
    private var lastProbe = -Double.infinity
    /// How many times the rate was lowered.
    public private(set) var decreases = 0
    /// Answers needed before a share of 429s is trusted.
    public var minimumSample = 30
    /// 429s that count as a limit even among fewer answers than `minimumSample`.
    public var clumpSize = 3
    /// A share of 429s that lowering the rate did not change (random refusals).
    public private(set) var noiseShare = 0.0
    private var epochAnswers = 0
    private var epochThrottles = 0
    /// The rate, remembered limit and 429 share before the last decrease, to undo it.
    private var beforeDecrease: (rate: Double, refused: Double, share: Double)?

    public static func == (lhs: AdaptiveRate, rhs: AdaptiveRate) -> Bool {
        lhs.current == rhs.current && lhs.refusedRate == rhs.refusedRate && lhs.decreases == rhs.decreases
            && lhs.noiseShare == rhs.noiseShare
    }

    /// Counts an answer that was not a 429, for the share of 429s at the current rate.
    public mutating func answered(now: Double) {
        if now - lastDecrease >= cooldown { epochAnswers += 1 }
    }

    /// Starts at the ceiling (requests per second); never goes below `floor` (default ceiling / 16).
    public init(ceiling: Double, floor: Double? = nil) {
        self.ceiling = ceiling
        self.floor = floor ?? ceiling / 16
        current = ceiling
        refusedRate = ceiling / headroom
    }

    /// A throttling answer (429) arrived at `now`.
    public mutating func throttled(now: Double) {
        // Answers in the first `cooldown` after a decrease still reflect the old rate: not counted.
        guard now - lastDecrease >= cooldown else {
            lastThrottle = now
            return
        }
        epochAnswers += 1
        epochThrottles += 1
        let measured = epochAnswers >= minimumSample
        // A lone 429 among a few good answers proves little; several at once, or nothing but 429s, is a limit.
        guard measured || epochThrottles >= clumpSize || epochThrottles == epochAnswers else {
            lastThrottle = now
            return
        }
        let share = Double(epochThrottles) / Double(epochAnswers)
        if measured && share <= noiseShare * 1.5 { return }
        if measured, let before = beforeDecrease, before.rate > current, share >= 0.5 * before.share {
            // Halving did not help: these 429s are noise. Go back to the rate before.
            noiseShare = max(noiseShare, share, before.share)
            current = before.rate
            refusedRate = before.refused
            beforeDecrease = nil
            startEpoch()
            return
        }
        lastThrottle = now
        lastDecrease = now
        lastStep = now
        beforeDecrease = (current, refusedRate, share)
        refusedRate = min(refusedRate, current)
        current = max(floor, current * decreaseFactor)
        decreases += 1
        startEpoch()
    }

    private mutating func startEpoch() {
        epochAnswers = 0
        epochThrottles = 0
    }

    /// Takes back a decrease that turned out to be caused by one row refused for itself, not by a limit: the
    /// rate doubles back (up to the ceiling), the remembered limit returns to `refusedBefore` when no other
    /// decrease stands, and the decrease is not counted.
    public mutating func forgive(refusedBefore: Double, othersStand: Bool) {
        if !othersStand { refusedRate = max(refusedRate, refusedBefore) }
        current = max(current, min(current / decreaseFactor, ceiling, refusedRate * headroom))
        decreases = max(0, decreases - 1)
        beforeDecrease = nil
        startEpoch()
    }

    /// A limit learnt elsewhere (a per-window quota) sets the pace from now on: the rate goes back to the
    /// ceiling at once, the refusals remembered are forgotten, and the pacing takes the lower of the two.
    public mutating func raiseToCeiling() {
        current = ceiling
        refusedRate = max(refusedRate, ceiling / headroom)
        beforeDecrease = nil
        startEpoch()
    }

    /// The rate to use at `now`: one step higher when the quiet period allows it.
    public mutating func rate(now: Double) -> Double {
        let quiet = now - max(lastThrottle, lastProbe)
        if quiet >= probeAfter && refusedRate < ceiling / headroom {
            lastProbe = now
            refusedRate = min(ceiling / headroom, refusedRate * 1.1)
        }
        let cap = min(ceiling, refusedRate * headroom)
        if current < cap && now - lastThrottle >= quietPeriod && now - lastStep >= stepInterval {
            lastStep = now
            current = min(cap, current + ceiling * stepFraction)
            beforeDecrease = nil
            startEpoch()
        }
        return current
    }
}
