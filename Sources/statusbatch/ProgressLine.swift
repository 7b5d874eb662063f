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
        Console.error("statusbatch: \(progress.requests) requests: \(progress.succeeded) succeeded, \(progress.failed) failed, \(progress.retrying) retried, \(progress.gaveUp) gave up")
    }
}
