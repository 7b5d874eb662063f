import Foundation
import StatusBatch
import Synchronization

/// Prints a plain progress line on standard error at most every 10 seconds.
final class ProgressLine: Sendable {
    private let quiet: Bool
    private let lastPrinted = Mutex(Date().timeIntervalSince1970)

    init(quiet: Bool) { self.quiet = quiet }

    func update(_ progress: SendingProgress) {
        guard !quiet else { return }
        let now = Date().timeIntervalSince1970
        let due = lastPrinted.withLock { last -> Bool in
            guard now - last >= 10 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let rate = String(format: "%.1f/s", progress.currentRate)
        let state = progress.inOutage ? ", API down: probing" : ""
        Console.error("statusbatch: \(progress.requests) requests: \(progress.succeeded) succeeded, \(progress.failed) failed, \(progress.retrying) retried, \(progress.throttled) throttled, \(progress.gaveUp) gave up; rate \(rate)\(state)")
    }
}
