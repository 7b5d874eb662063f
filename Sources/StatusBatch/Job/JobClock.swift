import Foundation

/// The source of time for pacing, backoff and timestamps; injected so tests never sleep.
public protocol JobClock: Sendable {
    /// Seconds since 1970 (wall clock); stored in the job database, so it survives restarts.
    func now() -> Double
    /// Blocks the calling thread until `deadline` (seconds since 1970; nil: no deadline) or until `wake`
    /// is signalled, whichever comes first.
    func wait(until deadline: Double?, on wake: WakeSignal)
}

/// The real clock: wall time, and waits on a condition variable (no polling).
public struct SystemClock: JobClock {
    public init() {}

    public func now() -> Double { Date().timeIntervalSince1970 }

    /// Waits at most an hour at a time: Foundation's condition wait traps on dates past the year 2262
    /// (a Retry-After far away), and waking early is harmless (the caller decides again).
    public func wait(until deadline: Double?, on wake: WakeSignal) {
        let limit = now() + 3600
        wake.wait(until: Date(timeIntervalSince1970: min(deadline ?? limit, limit)))
    }
}
