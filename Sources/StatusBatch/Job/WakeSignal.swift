import Foundation
import Synchronization

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

    /// Waits until signalled or until `date` (nil: no limit; a past date: not at all), and takes the
    /// signal; true when it was signalled.
    @discardableResult
    public func wait(until date: Date?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !signalled.withLock({ $0 }) {
            if let date {
                if !condition.wait(until: date) { break }
            } else {
                condition.wait()
            }
        }
        return signalled.withLock { was in
            defer { was = false }
            return was
        }
    }
}
