import Foundation
import Synchronization

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

/// A wake-up any thread can give to one waiting thread; a signal given while nobody waits is kept
/// until the next wait, so none is lost.
public final class WakeSignal: Sendable {
    private let condition = NSCondition()
    private let signalled = Mutex(false)

    public init() {}

    /// Wakes the waiter (or the next one to wait).
    public func signal() {
        condition.lock()
        signalled.withLock { $0 = true }
        condition.signal()
        condition.unlock()
    }

    /// Takes a pending signal without waiting; true when there was one.
    public func consume() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return signalled.withLock { was in
            defer { was = false }
            return was
        }
    }

    /// Waits until signalled or until `date` (nil: no limit), and takes the signal.
    public func wait(until date: Date?) {
        condition.lock()
        defer { condition.unlock() }
        while !signalled.withLock({ $0 }) {
            if let date {
                if !condition.wait(until: date) { break }
            } else {
                condition.wait()
            }
        }
        signalled.withLock { $0 = false }
    }
}
