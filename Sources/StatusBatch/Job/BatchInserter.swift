import Foundation
import Synchronization

/// The inserting half of an ingest: a thread that takes batches of records from a relay in order (an empty
/// batch ends them) and inserts them through its own connection to the job database, ids from 1 in order.
final class BatchInserter: Sendable {
    private let outcome = Mutex<Result<Void, any Error>?>(nil)
    private let finished = WakeSignal()

    /// Starts the thread; `relay` brings the batches.
    init(path: String, relay: ChunkRelay<[IngestedRecord]>) {
        Thread { [self] in
            let result = Result<Void, any Error> {
                // Synchronous NORMAL, as the bulk load asks: an ingest that did not finish is started over.
                let store = try JobStore(path: path, durability: .processCrash)
                var (index, nextId) = (0, 1)
                while true {
                    let batch = try relay.take(index: index)
                    if batch.isEmpty { return }
                    try store.insert(batch, firstId: nextId)
                    nextId += batch.count
                    index += 1
                }
            }
            if case .failure = result { relay.cancel() }
            outcome.withLock { $0 = result }
            finished.signal()
        }.start()
    }

    /// Waits for the thread to end (after the last batch, or after the relay failed) and says how it ended.
    func finish() -> Result<Void, any Error> {
        while true {
            if let result = outcome.withLock({ $0 }) { return result }
            finished.wait(until: nil)
        }
    }
}
