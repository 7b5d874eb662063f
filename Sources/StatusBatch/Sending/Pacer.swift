/// One schedule of request start times for the whole pool (a GCRA, like nginx `limit_req`):
/// starts are `interval` apart, up to `burst` may come early, and after a stall the schedule
/// continues from now instead of catching up.
public struct Pacer: Sendable {
    public private(set) var interval: Double
    public let burst: Int
    /// Theoretical arrival time of the next request.
    private var nextDue: Double = 0
    private var pausedUntil: Double = 0

    public init(rate: SendRate, burst: Int = 0) {
        interval = rate.interval
        self.burst = max(0, burst)
    }

    /// Reserves the next start time at or after `now` and returns it.
    public mutating func reserve(now: Double) -> Double {
        let earliest = max(now, pausedUntil)
        let start = max(earliest, nextDue - Double(burst) * interval)
        nextDue = max(nextDue, earliest) + interval
        return start
    }

    /// Changes the spacing from the next reservation on (the adaptive rate).
    public mutating func setRate(perSecond: Double) {
        guard perSecond > 0 else { return }
        interval = 1 / perSecond
    }

    /// Forgets the spacing of the last start (the rate just went up): the next start may come at `now`.
    public mutating func restart(now: Double) {
        nextDue = min(nextDue, now)
    }

    /// Holds every start until `time` (a Retry-After for the whole pool).
    public mutating func pause(until time: Double) {
        pausedUntil = max(pausedUntil, time)
    }
}
