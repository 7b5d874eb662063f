import Dispatch

/// Where requests are started: a concurrent Dispatch queue, so a transport that answers at once never
/// runs its completion on the driver's thread. How many are in flight is the sending core's decision.
/// The only place that uses Dispatch.
final class WorkerPool: Sendable {
    private let queue = DispatchQueue(label: "statusbatch.workers", attributes: .concurrent)

    /// Runs `job` on the pool's queue.
    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.async(execute: job)
    }
}
