import Foundation
import Synchronization
@testable import StatusBatch

/// A JobClock whose time moves only when someone waits with a deadline: the wait jumps to it at once,
/// unless a wake-up is already pending. A wait without a deadline blocks until the wake-up comes.
final class FakeClock: JobClock {
    private let current: Mutex<Double>

    init(start: Double = 1_700_000_000) { current = Mutex(start) }

    func now() -> Double { current.withLock { $0 } }

    func wait(until deadline: Double?, on wake: WakeSignal) {
        guard let deadline else {
            wake.wait(until: nil)
            return
        }
        // An event already posted comes first; only an idle wait moves the time.
        if wake.wait(until: .distantPast) { return }
        current.withLock { $0 = max($0, deadline) }
    }

    /// Moves time forward by `seconds`.
    func advance(by seconds: Double) { current.withLock { $0 += seconds } }
}
