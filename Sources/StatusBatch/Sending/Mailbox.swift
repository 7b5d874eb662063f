import Synchronization

/// Events for the sending driver from other threads (answers, a stop), each with the time it happened,
/// and the wake-up its waits listen to.
final class Mailbox: Sendable {
    private let events = Mutex<[(SendingEvent, Double)]>([])
    let wake = WakeSignal()

    /// Adds an event that happened at `time` and wakes the driver.
    func post(_ event: SendingEvent, at time: Double) {
        events.withLock { $0.append((event, time)) }
        wake.signal()
    }

    /// Every event posted since the last call, in arrival order.
    func take() -> [(SendingEvent, Double)] {
        events.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
