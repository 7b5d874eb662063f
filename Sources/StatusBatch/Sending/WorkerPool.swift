import Dispatch
import Synchronization

/// Bounded concurrency for sending: at most `concurrency` requests in flight, each started on a
/// Dispatch queue and finished by its completion. The only place that uses Dispatch primitives.
public final class WorkerPool: Sendable {
    public let concurrency: Int
    private let slots: DispatchSemaphore
    private let group = DispatchGroup()
    private let queue: DispatchQueue
    private let active = Mutex(0)

    public init(concurrency: Int) {
        self.concurrency = max(1, concurrency)
        slots = DispatchSemaphore(value: self.concurrency)
        queue = DispatchQueue(label: "statusbatch.workers", attributes: .concurrent)
    }

    /// Waits up to `timeout` seconds for a free slot; true when one was taken.
    public func acquire(timeout: Double) -> Bool {
        slots.wait(timeout: .now() + .nanoseconds(Int(max(0, timeout) * 1e9))) == .success
    }

    /// Gives back a slot taken by `acquire` that was not used.
    public func release() { slots.signal() }

    /// Runs `job` in a slot already taken; `job` must call its argument exactly once when the request is over.
    public func submit(_ job: @escaping @Sendable (_ finished: @escaping @Sendable () -> Void) -> Void) {
        group.enter()
        active.withLock { $0 += 1 }
        queue.async { [self] in
            let once = Mutex(false)
            job { [self] in
                let first = once.withLock { done -> Bool in
                    defer { done = true }
                    return !done
                }
                guard first else { return }
                active.withLock { $0 -= 1 }
                slots.signal()
                group.leave()
            }
        }
    }

    /// Requests submitted and not yet finished.
    public var inFlight: Int { active.withLock { $0 } }

    /// Waits up to `timeout` seconds for every submitted job to finish; true when all did.
    public func waitUntilIdle(timeout: Double) -> Bool {
        group.wait(timeout: .now() + .nanoseconds(Int(max(0, timeout) * 1e9))) == .success
    }
}
