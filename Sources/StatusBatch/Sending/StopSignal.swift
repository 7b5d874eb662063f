import Synchronization

/// A flag any thread can raise to ask the sending loop to stop claiming rows.
public final class StopSignal: Sendable {
    private let raised = Mutex(false)
    public init() {}
    public func raise() { raised.withLock { $0 = true } }
    public var isRaised: Bool { raised.withLock { $0 } }
}
