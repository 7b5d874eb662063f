import Synchronization

/// Hands numbered values from a helper thread to a consumer that takes them in order, with at most
/// `ahead` waiting (the helper then waits), so memory stays bounded however fast the helper is.
final class ChunkRelay<Value: Sendable>: Sendable {
    private struct State: Sendable {
        var ready: [Int: Value] = [:]
        var failure: (any Error)?
        var wanted = 0
        var cancelled = false
    }

    private let ahead: Int
    private let state = Mutex(State())
    private let readyWake = WakeSignal()
    private let roomWake = WakeSignal()

    init(ahead: Int) { self.ahead = max(1, ahead) }

    /// Hands over the value numbered `index`, waiting while `ahead` values wait already (unless it is
    /// the one the consumer waits for); false when the consumer gave up (the helper should stop).
    @discardableResult
    func put(_ value: Value, index: Int) -> Bool {
        while true {
            let placed: Bool? = state.withLock { state in
                if state.cancelled { return false }
                guard state.ready.count < ahead || index == state.wanted else { return nil }
                state.ready[index] = value
                return true
            }
            if let placed {
                if placed { readyWake.signal() }
                return placed
            }
            roomWake.wait(until: nil)
        }
    }

    /// Says the helper stopped on `error`: the consumer's next `take` of a value not handed over throws it.
    func fail(_ error: any Error) {
        state.withLock { $0.failure = error }
        readyWake.signal()
    }

    /// The value numbered `index`, once the helper handed it over.
    func take(index: Int) throws -> Value {
        while true {
            let found: Result<Value, any Error>? = state.withLock { state in
                state.wanted = index
                if let value = state.ready.removeValue(forKey: index) { return .success(value) }
                return state.failure.map { .failure($0) }
            }
            roomWake.signal()
            if let found { return try found.get() }
            readyWake.wait(until: nil)
        }
    }

    /// Tells the helper to stop (its next `put` returns false).
    func cancel() {
        state.withLock { $0.cancelled = true }
        roomWake.signal()
    }
}
