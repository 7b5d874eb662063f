import Synchronization
@testable import StatusBatch

/// A JobClock whose time moves only when someone sleeps: `sleep(until:)` jumps to the deadline at once.
final class FakeClock: JobClock {
    private let current: Mutex<Double>

    init(start: Double = 1_700_000_000) { current = Mutex(start) }

    func now() -> Double { current.withLock { $0 } }

    func sleep(until deadline: Double, shouldWake: @Sendable () -> Bool) {
        current.withLock { $0 = max($0, deadline) }
    }

    /// Moves time forward by `seconds`.
    func advance(by seconds: Double) { current.withLock { $0 += seconds } }
}
