extension LearnedQuota {
    /// The pace requests keep under it: `SendingSettings.quotaMargin` below the quota, evenly.
    public var pace: Double { rate(margin: SendingSettings.quotaMargin) }
}

/// Learns a per-window quota (a fixed or sliding window, like "300 a minute") from the pattern of 429s: a
/// window shows as a run of refusals with no request admitted for at least `runThreshold` seconds and
/// `runRefusals` refusals (or with a `Retry-After` of that many seconds), ended by a boundary (the first
/// admission after it, or where `Retry-After` said). The quota is what was admitted
/// since the previous boundary (or since the first request) until the run began; the window is the time
/// between two boundaries (at first: from the first request to the boundary). Refusals interleaved with
/// admissions (a leaky bucket, or random 429s) teach it nothing. After `probeAfter` seconds without a 429 it
/// tries a quota 5 % higher (the quota may have been raised); a 429 during that try takes it back. Pure.
public struct WindowQuotaLearner: Sendable, Equatable {
    /// Seconds of refusals with no admission, and refusals in them, that make a window's run (random 429s on a
    /// healthy server seldom come five in a row); a `Retry-After` of that many seconds is enough.
    public static let runThreshold = 2.0
    public static let runRefusals = 5
    public static let probeAfter = 300.0
    public private(set) var learnt: LearnedQuota?
    /// Before a probe raised `learnt`, to go back to when the probe is refused.
    private var beforeProbe: LearnedQuota?
    private var firstAdmittedAt: Double?
    /// The latest boundary seen (at a run's end), and what was admitted since (or since the first request).
    private var boundary: Double?
    private var admittedSinceBoundary = 0
    /// The first 429 since the last admission, the admissions counted then, the last 429, and the boundary a
    /// `Retry-After` named.
    private var runStart: Double?
    private var runRefusals = 0
    private var admittedAtRunStart = 0
    private var lastRefusal = 0.0
    private var namedBoundary: Double?
    private var longestRetryAfter = 0.0
    private var lastChange = 0.0

    /// Starts from a quota a previous run of the job learnt (nothing learnt: from scratch). Until a run's end shows
    /// a boundary, a run teaches nothing but where the boundaries lie.
    public init(remembered: LearnedQuota? = nil) {
        learnt = remembered
    }

    /// True while a learnt quota is known and this 429 is its own (a probe above it, or a window spent): the
    /// adaptive rate need not fall for it.
    public func explainsRefusal(now: Double) -> Bool { learnt != nil && (beforeProbe != nil || inRun(now: now)) }

    /// The pace at `now`: even under the quota (`LearnedQuota.pace`), faster in the window that began at a
    /// boundary just seen while it is behind (the run's end is seen up to a second late), so that window too gets
    /// its quota less the margin. Nil while nothing is learnt.
    public func pace(now: Double) -> Double? {
        guard let learnt else { return nil }
        guard let boundary, now >= boundary, now < boundary + learnt.window else { return learnt.pace }
        let allowed = Double(learnt.quota) * (1 - SendingSettings.quotaMargin) - Double(admittedSinceBoundary)
        guard allowed > 0 else { return learnt.pace }
        return max(learnt.pace, allowed / (boundary + learnt.window - now))
    }

    /// Seconds since the first of the 429s that came with nothing admitted since (nil: not refused now).
    public func refusalRunAge(now: Double) -> Double? { runStart.map { now - $0 } }

    /// True while refusals have come for `runThreshold` seconds with nothing admitted: a window is spent.
    public func inRun(now: Double) -> Bool {
        guard let start = runStart else { return false }
        return (now - start >= Self.runThreshold && runRefusals >= Self.runRefusals) || longestRetryAfter >= Self.runThreshold
    }

    /// A 429 at `now`.
    public mutating func refused(now: Double, retryAfter: Double?) {
        if let previous = beforeProbe {
            // The higher quota was refused: back to the one that held, and no probe for another while.
            learnt = previous
            beforeProbe = nil
            lastChange = now
        } else if runStart == nil, let current = learnt {
            // Refused while paced under the quota: it is a little high (a window learnt short, a quota lowered).
            // 2 % less each time; too short a burst to be a run, these would otherwise come every window.
            learnt = current.scaled(by: 0.98)
            lastChange = now
        }
        if runStart == nil {
            runStart = now
            runRefusals = 0
            admittedAtRunStart = admittedSinceBoundary
            namedBoundary = nil
            longestRetryAfter = 0
        }
        runRefusals += 1
        lastRefusal = now
        if let retryAfter {
            namedBoundary = now + retryAfter
            longestRetryAfter = max(longestRetryAfter, retryAfter)
        }
    }

    /// A request admitted (answered, not refused) at `now`; returns true when it changed what was learnt.
    public mutating func admitted(now: Double) -> Bool {
        if firstAdmittedAt == nil {
            firstAdmittedAt = now
            lastChange = now
        }
        guard runStart != nil else {
            admittedSinceBoundary += 1
            return probe(now: now)
        }
        let wasRun = inRun(now: now)
        runStart = nil
        guard wasRun, admittedAtRunStart > 0 else {
            admittedSinceBoundary += 1
            return false
        }
        // The boundary lies between the last refusal and this admission (where Retry-After said, if it did).
        let edge = namedBoundary.map { min(max($0, lastRefusal), now) } ?? (lastRefusal + now) / 2
        var quota = Double(admittedAtRunStart)
        let previous = boundary
        boundary = edge
        admittedSinceBoundary = 1
        var window: Double
        if let known = learnt?.window {
            // Between two boundaries seen lie one or more windows of about the known length (a first window
            // the job entered late was learnt short: a span that does not divide into it is one window).
            guard let previous else { return false }
            window = edge - previous
            let windows = max(1, (window / known).rounded())
            if abs(window / windows - known) <= 0.2 * known {
                window /= windows
                quota /= windows
            }
        } else {
            window = edge - (firstAdmittedAt ?? edge)
        }
        guard window >= Self.runThreshold else { return false }
        learnt = LearnedQuota(quota: Int(quota.rounded(.down)), window: window)
        beforeProbe = nil
        lastChange = now
        return true
    }

    /// After `probeAfter` seconds without a change (or a refusal), tries 5 % more: what held is kept to go back to.
    private mutating func probe(now: Double) -> Bool {
        guard let current = learnt, now - lastChange >= Self.probeAfter else { return false }
        beforeProbe = current
        learnt = current.scaled(by: 1.05)
        lastChange = now
        return true
    }
}
