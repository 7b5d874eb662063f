import Foundation

/// The source of time for pacing, backoff and timestamps; injected so tests never sleep.
public protocol JobClock: Sendable {
    /// Seconds since 1970 (wall clock); stored in the job database, so it survives restarts.
    func now() -> Double
    /// Blocks the calling thread until `deadline` (seconds since 1970) or until `shouldWake` says stop.
    func sleep(until deadline: Double, shouldWake: @Sendable () -> Bool)
}

/// The real clock: wall time and short, interruptible sleeps.
public struct SystemClock: JobClock {
    public init() {}

    public func now() -> Double { Date().timeIntervalSince1970 }

    public func sleep(until deadline: Double, shouldWake: @Sendable () -> Bool) {
        while !shouldWake() {
            let remaining = deadline - now()
            if remaining <= 0 { return }
            // Short slices keep a stop request responsive during long waits.
            let slice = min(remaining, 0.05)
            usleep(UInt32(slice * 1_000_000))
        }
    }
}
