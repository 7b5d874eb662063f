import Synchronization

/// Why the pool was paused.
public enum PauseCause: String, Sendable, CaseIterable {
    /// A `Retry-After` header on any answer.
    case retryAfter = "retry_after"
    /// A 429 without `Retry-After`: paused by the backoff policy.
    case backoff
    /// The API looked down; only single probes were sent.
    case outage
}

/// Job-wide pacing decisions shared by the transport threads (which report answers) and the sending
/// loop (which asks when and how fast it may start): pool-wide pauses, the adaptive rate and outages.
final class PacingController: Sendable {
    private struct State {
        var adaptive: AdaptiveRate
        var adaptiveOn: Bool
        var pauseUntil = 0.0
        var consecutiveThrottles = 0
        var detector = OutageDetector()
        var outageSince: Double?
        var nextProbeAt = 0.0
        var probeDelay = PacingController.firstProbeDelay
        var pauses: [PauseRecord] = []
    }

    static let firstProbeDelay = 2.0
    static let maxProbeDelay = 30.0
    private let state: Mutex<State>
    private let backoff: RetryPolicy

    init(settings: SendingSettings) {
        state = Mutex(State(adaptive: AdaptiveRate(ceiling: settings.rate.perSecond), adaptiveOn: settings.adaptive))
        backoff = RetryPolicy(maxAttempts: Int.max, baseDelay: 1, maxDelay: 30)
    }

    /// The rate to pace at now (requests per second); may take one step of the adaptive climb,
    /// so only the sending loop calls it.
    func rate(now: Double) -> Double {
        state.withLock { s in s.adaptiveOn ? s.adaptive.rate(now: now) : s.adaptive.ceiling }
    }

    /// The rate in use, read without advancing the adaptive climb (for progress and summaries).
    var currentRate: Double {
        state.withLock { s in s.adaptiveOn ? s.adaptive.current : s.adaptive.ceiling }
    }

    /// No request may start before this time.
    var pauseUntil: Double { state.withLock { $0.pauseUntil } }

    /// How often the rate was lowered so far.
    var rateDecreases: Int { state.withLock { $0.adaptive.decreases } }

    /// A throttled answer: a 429 lowers the rate and pauses the pool (Retry-After or backoff);
    /// any Retry-After pauses the pool.
    func throttled(status: Int, retryAfter: Double?, now: Double, unitRandom: Double) {
        state.withLock { s in
            if status == 429 {
                s.consecutiveThrottles += 1
                if s.adaptiveOn { s.adaptive.throttled(now: now) }
                let wait = retryAfter ?? backoff.delay(afterAttempts: s.consecutiveThrottles, retryAfter: nil,
                                                       unitRandom: 0.5 + unitRandom / 2)
                Self.pause(&s, until: now + wait, cause: retryAfter == nil ? .backoff : .retryAfter, now: now)
            } else {
                s.adaptive.answered(now: now)
                if let retryAfter { Self.pause(&s, until: now + retryAfter, cause: .retryAfter, now: now) }
            }
        }
    }

    /// A transient failure (5xx, network); returns true when the API looks down (the row's attempt is then free).
    func transientFailure(retryAfter: Double?, now: Double) -> Bool {
        state.withLock { s in
            s.adaptive.answered(now: now)
            if let retryAfter { Self.pause(&s, until: now + retryAfter, cause: .retryAfter, now: now) }
            if s.outageSince != nil { return true }
            if s.detector.record(transient: true) {
                s.outageSince = now
                s.nextProbeAt = now + Self.firstProbeDelay
                s.probeDelay = Self.firstProbeDelay
                return true
            }
            return false
        }
    }

    /// An answer that shows the API is up (success or a permanent error): ends an outage.
    func answered(now: Double) {
        state.withLock { s in
            s.consecutiveThrottles = 0
            s.adaptive.answered(now: now)
            _ = s.detector.record(transient: false)
            if let since = s.outageSince {
                s.pauses.append(PauseRecord(cause: PauseCause.outage.rawValue, startedAt: since, endedAt: now))
                s.outageSince = nil
                s.detector.reset()
            }
        }
    }

    /// When the API looks down: since when, and when the next single probe may start.
    var outage: (since: Double, nextProbeAt: Double)? {
        state.withLock { s in s.outageSince.map { ($0, s.nextProbeAt) } }
    }

    /// A probe leaves now: the next one waits longer (doubling up to 30 s).
    func probeSent(now: Double) {
        state.withLock { s in
            s.nextProbeAt = now + s.probeDelay
            s.probeDelay = min(Self.maxProbeDelay, s.probeDelay * 2)
        }
    }

    /// Pauses recorded since the last call (an outage still going on is closed at `now` when `closing`).
    func takePauses(now: Double, closing: Bool = false) -> [PauseRecord] {
        state.withLock { s in
            if closing, let since = s.outageSince {
                s.pauses.append(PauseRecord(cause: PauseCause.outage.rawValue, startedAt: since, endedAt: now))
                s.outageSince = now
            }
            defer { s.pauses.removeAll() }
            return s.pauses
        }
    }

    /// Extends the pause; overlapping pauses of the same cause are merged so the audit does not count twice.
    private static func pause(_ s: inout State, until: Double, cause: PauseCause, now: Double) {
        guard until > s.pauseUntil else { return }
        let start = max(now, s.pauseUntil)
        if let last = s.pauses.last, last.cause == cause.rawValue, last.endedAt >= start {
            s.pauses[s.pauses.count - 1].endedAt = until
        } else {
            s.pauses.append(PauseRecord(cause: cause.rawValue, startedAt: start, endedAt: until))
        }
        s.pauseUntil = until
    }
}
