import Synchronization

/// Hands numbered values from a helper thread to a consumer that takes them in order, with at most
/// `ahead` waiting (the helper then waits), so memory stays bounded however fast the helper is. Where both
/// make values, `claim()` gives each the next number nobody has taken.
final class ChunkRelay<Value: Sendable>: Sendable {
    private struct State: Sendable {
        var ready: [Int: Value] = [:]
        var failure: (any Error)?
        var wanted = 0
        var cancelled = false
        var claimed = 0
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

    /// The next number no one has claimed yet (0, 1, 2, ... over all callers).
    func claim() -> Int {
        state.withLock { state in
            defer { state.claimed += 1 }
            return state.claimed
        }
    }

    /// The value numbered `index` if the helper handed it over already, else nil (the helper may now hand it
    /// over even when `ahead` values wait); throws what the helper failed on.
    func poll(index: Int) throws -> Value? {
        let found: Result<Value, any Error>? = state.withLock { state in
            state.wanted = index
            if let value = state.ready.removeValue(forKey: index) { return .success(value) }
            return state.failure.map { .failure($0) }
        }
        roomWake.signal()
        return try found?.get()
    }

    /// The value numbered `index`, once the helper handed it over.
    func take(index: Int) throws -> Value {
        while true {
            if let value = try poll(index: index) { return value }
            readyWake.wait(until: nil)
        }
    }

    /// Tells the helper to stop (its next `put` returns false).
    func cancel() {
        state.withLock { $0.cancelled = true }
        roomWake.signal()
    }
}
