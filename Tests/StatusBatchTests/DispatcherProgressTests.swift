import Synchronization
import Testing
@testable import StatusBatch

/// The progress the Dispatcher emits: rows to send and rows done in this run, every 0.1 s, a final one.
@Suite("DispatcherProgress")
struct DispatcherProgressTests {
    @Test("total is the sendable rows at the start, done counts final states, the last report is complete")
    func totalAndDone() throws {
        let counter = RequestCounter()
        // Row 1 fails permanently, row 2 is retried once, the rest succeed.
        let h = try SendingHarness(rows: 12) { _ in
            switch counter.next() {
            case 1: FakeTransport.json(400, #"{"errors":[{"code":8015,"message":"bad"}]}"#)
            case 2: SendingHarness.unavailable
            default: SendingHarness.ok
            }
        }
        defer { h.remove() }
        let reports = Mutex<[(time: Double, progress: SendingProgress)]>([])
        let clock = h.clock
        #expect(try h.run(onProgress: { progress in reports.withLock { $0.append((clock.now(), progress)) } }) == .finished)
        let seen = reports.withLock { $0 }
        #expect(seen.count > 5)
        #expect(seen.allSatisfy { $0.progress.total == 12 })
        let last = try #require(seen.last?.progress)
        #expect(last.done == 12)
        #expect((last.succeeded, last.failed, last.retrying, last.requests) == (11, 1, 1, 13))
        // Every report but the closing one comes at least 0.1 s after the one before.
        let gaps = zip(seen.dropLast().dropFirst(), seen.dropLast()).map { $0.time - $1.time }
        #expect(gaps.allSatisfy { $0 >= 0.1 - 1e-9 })
        #expect(gaps.contains { $0 < 0.5 })
    }

    @Test("sendableRowCount counts unfinished rows only (pending, waiting, uncertain)")
    func sendableCount() throws {
        let h = try SendingHarness(rows: 3) { _ in SendingHarness.ok }
        defer { h.remove() }
        #expect(try h.store.sendableRowCount() == 3)
        #expect(try h.run() == .finished)
        #expect(try h.store.sendableRowCount() == 0)
    }
}
