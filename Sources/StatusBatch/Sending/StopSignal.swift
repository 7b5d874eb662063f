import Synchronization

/// A flag any thread can raise to ask sending to stop; whoever waits for it may ask to be woken.
public final class StopSignal: Sendable {
    private struct State {
        var raised = false
        var observers: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    public init() {}

    /// Raises the flag and calls every observer once (outside the lock).
    public func raise() {
        let observers = state.withLock { s -> [@Sendable () -> Void] in
            guard !s.raised else { return [] }
            s.raised = true
            return s.observers
        }
        for observer in observers { observer() }
    }

    public var isRaised: Bool { state.withLock { $0.raised } }

    /// Calls `observer` when the flag is raised, or at once when it already is.
    public func onRaise(_ observer: @escaping @Sendable () -> Void) {
        let already = state.withLock { s -> Bool in
            if !s.raised { s.observers.append(observer) }
            return s.raised
        }
        if already { observer() }
    }
}
