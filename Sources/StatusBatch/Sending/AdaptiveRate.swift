/// AIMD control of the request rate, with a remembered limit (like TCP's ssthresh): a 429 halves the
/// rate (at most once per `cooldown`) and remembers the rate that was refused; after `quietPeriod`
/// without 429s the rate climbs back in additive steps, but only to `headroom` × the lowest refused
/// rate, so the refusals stop once the server's limit is found. After `probeAfter` seconds without a
/// 429 the remembered limit is raised by 10 %, in case the server's limit went up. Pure.
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

    /// Starts at the ceiling (requests per second); never goes below `floor` (default ceiling / 16).
    public init(ceiling: Double, floor: Double? = nil) {
        self.ceiling = ceiling
        self.floor = floor ?? ceiling / 16
        current = ceiling
        refusedRate = ceiling / headroom
    }

    /// A throttling answer (429) arrived at `now`.
    public mutating func throttled(now: Double) {
        lastThrottle = now
        guard now - lastDecrease >= cooldown else { return }
        lastDecrease = now
        lastStep = now
        refusedRate = min(refusedRate, current)
        current = max(floor, current * decreaseFactor)
        decreases += 1
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
        }
        return current
    }
}
