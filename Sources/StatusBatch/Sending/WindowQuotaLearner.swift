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
    /// Where the boundaries were seen: once they fit a grid, the window's length and the boundaries' phase come
    /// from it (and the next boundary is predicted) instead of from one sighting's middle.
    private var grid = WindowGrid()
    /// True once the window was measured between two boundaries (at first it is measured from the first request,
    /// which may have come late in a window: too short).
    private var windowMeasured = false
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
    public func explainsRefusal(now: Double) -> Bool {
        learnt != nil && (beforeProbe != nil || inRun(now: now) || isNearBoundary(now))
    }

    /// True when the grid puts `now` just before (by the quota's margin) or at a boundary: the window's end came a
    /// little early, the quota is not too high.
    private func isNearBoundary(_ now: Double) -> Bool {
        guard let window = learnt?.window else { return false }
        return grid.isNearBoundary(now, approximately: window, slack: window * SendingSettings.quotaMargin)
    }

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

    /// When to try again after a refusal at `now`: just after the next boundary the grid predicts (nil: no grid).
    public func nextTry(after now: Double, lead: Double) -> Double? {
        guard let window = learnt?.window else { return nil }
        return grid.nextTry(after: now, approximately: window, lead: lead)
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
        } else if runStart == nil, let current = learnt, !isNearBoundary(now) {
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
        // With a quota learnt, a short run that came once the window's quota was (nearly) spent is a boundary too:
        // paced under the quota, the runs are short.
        let windowSpent = learnt.map { Double(admittedAtRunStart) >= 0.9 * Double($0.quota) } ?? false
        guard wasRun || windowSpent, admittedAtRunStart > 0, let (quota, window, edge) = sighted(now: now, wasRun: wasRun)
        else {
            admittedSinceBoundary += 1
            return false
        }
        boundary = edge
        admittedSinceBoundary = 1
        guard var quota, let window, window >= Self.runThreshold else { return false }
        // A window counted from a boundary placed a little late counts a few short: within 5 % the quota seen is
        // the higher one (a quota lowered shows further down, or as refusals mid-window).
        if let current = learnt, quota < Double(current.quota), quota >= 0.95 * Double(current.quota) {
            quota = Double(current.quota)
        }
        learnt = LearnedQuota(quota: Int(quota.rounded(.down)), window: window)
        beforeProbe = nil
        lastChange = now
        return true
    }

    /// A boundary between the last refusal and the admission at `now` (where Retry-After said, if it did: a whole
    /// number of seconds, so in the second before): the quota and window it shows (nil: only the boundary), and
    /// where it lies. Nil when a short run's span from the last boundary does not divide into the known window.
    private mutating func sighted(now: Double, wasRun: Bool) -> (quota: Double?, window: Double?, edge: Double)? {
        var sighting = lastRefusal...max(lastRefusal, now)
        if let named = namedBoundary {
            let latest = min(max(named, lastRefusal), now)
            sighting = max(lastRefusal, min(named - 1, latest))...latest
        }
        var edge = namedBoundary == nil ? sighting.middle : sighting.upperBound
        var quota = Double(admittedAtRunStart)
        var window = edge - (firstAdmittedAt ?? edge)
        if let known = learnt?.window {
            // Between two boundaries seen lie one or more windows of about the known length (a first window the job
            // entered late was learnt short: a span that does not divide into it is one window, unless a short run
            // comes where a measured window says no boundary lies: a 429 of another kind).
            guard let previous = boundary else {
                grid.saw(sighting)
                return (nil, nil, edge)
            }
            window = edge - previous
            let windows = max(1, (window / known).rounded())
            if abs(window / windows - known) <= 0.2 * known {
                window /= windows
                quota /= windows
            } else if !wasRun && windowMeasured {
                return nil
            }
            windowMeasured = true
        }
        grid.saw(sighting)
        if windowMeasured, let fit = grid.fit(approximately: window) {
            window = fit.window
            edge = fit.latest.middle
        }
        return (quota, window, edge)
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
