/// Whether the API looks down, since when, and when the next single probe may leave: the outage
/// detector's verdict, a health read first and after every failed row probe (one customer's lookup: if it
/// answers, the failures were the rows' own and the outage is dismissed), and row probes on a schedule
/// that doubles from 2 s to 30 s. Pure.
struct OutageWatch: Sendable, Equatable {
    static let firstProbeDelay = 2.0
    static let maxProbeDelay = 30.0
    private var detector = OutageDetector()
    /// Set while the API looks down.
    private(set) var since: Double?
    private(set) var nextProbeAt = 0.0
    private var probeDelay = OutageWatch.firstProbeDelay
    /// True from the start of an outage, and from each row probe, until the next health read leaves.
    private(set) var healthReadDue = false

    var isActive: Bool { since != nil }

    /// A transient failure; returns true when the API looks down (the row's attempt is then free).
    mutating func transientFailure(now: Double) -> Bool {
        if since != nil { return true }
        guard detector.record(transient: true) else { return false }
        since = now
        nextProbeAt = now + Self.firstProbeDelay
        probeDelay = Self.firstProbeDelay
        healthReadDue = true
        return true
    }

    /// An answer that shows the API is up; returns the outage span it ends, if any.
    mutating func answered(now: Double) -> PauseRecord? {
        _ = detector.record(transient: false)
        guard let start = since else { return nil }
        end()
        return PauseRecord(cause: .outage, startedAt: start, endedAt: now)
    }

    /// The health read leaves now (or is not possible); row probes keep their schedule, the first one 2 s after
    /// the outage's first health read.
    mutating func healthReadSent(now: Double) {
        healthReadDue = false
        if probeDelay == Self.firstProbeDelay { nextProbeAt = max(nextProbeAt, now + Self.firstProbeDelay) }
    }

    /// The health read answered: the API is up, so the failures belong to the rows, which go on spending their
    /// attempts (the detector starts counting afresh). Returns the span the pool was held for the check.
    mutating func dismiss(now: Double) -> PauseRecord? {
        guard let start = since else { return nil }
        end()
        return PauseRecord(cause: .healthCheck, startedAt: start, endedAt: now)
    }

    /// A row probe leaves now: the next one waits longer, and a health read follows if it fails.
    mutating func probeSent(now: Double) {
        nextProbeAt = now + probeDelay
        probeDelay = min(Self.maxProbeDelay, probeDelay * 2)
        healthReadDue = true
    }

    /// The span of an outage still going on, up to `now` (counting goes on from `now`).
    mutating func close(now: Double) -> PauseRecord? {
        guard let start = since else { return nil }
        since = now
        return PauseRecord(cause: .outage, startedAt: start, endedAt: now)
    }

    private mutating func end() {
        since = nil
        healthReadDue = false
        detector.reset()
    }
}
