import Foundation
import Testing
@testable import StatusBatch

/// Dispatcher pacing after a 429 (fake clock and transport): the pool pauses and the adaptive rate halves.
/// The 429 answers the very first request: with nothing but 429s so far it is taken as a limit (a lone 429
/// among good answers is not; see AdaptiveRateNoiseTests).
///
/// With one worker and pending rows left, the loop reserves each start while it waits for the previous answer,
/// so start times are exact in fake time. The last request (row 1's retry) is different: once nothing is left
/// to claim, the idle loop moves the fake clock in 5 ms steps until the worker thread reads it, so its recorded
/// start can lag by any amount; for it only the scheduled start (the pacer's reservation) is checked.
@Suite("Dispatcher: adaptive pacing")
struct DispatcherPacingTests {
    static let tolerance = 1e-6

    /// 20 rows at 10/s; request #1 gets a 429 without Retry-After, all others 200.
    static func throttledFirst(adaptive: Bool = true) throws -> (h: SendingHarness, starts: [Double]) {
        let counter = RequestCounter()
        let h = try SendingHarness(rows: 20) { _ in counter.next() == 1 ? SendingHarness.tooMany : SendingHarness.ok }
        let end = try h.run(rate: "10/s", concurrency: 1) { $0.adaptive = adaptive }
        #expect(end == .finished)
        return (h, h.transport.sent.map(\.time))
    }

    static func gaps(_ starts: [Double]) -> [Double] { zip(starts, starts.dropFirst()).map { $1 - $0 } }

    @Test("a 429 on request #1 pauses the pool (≥ 0.5 s) and halves the rate (later gaps 0.2 s)")
    func pauseThenHalfRate() throws {
        let (h, starts) = try Self.throttledFirst()
        defer { h.remove() }
        #expect(starts.count == 21, "20 rows and the retry of row 1")
        let gaps = Self.gaps(Array(starts.prefix(20)))
        let pause = gaps[0]
        #expect(pause >= 0.5 - Self.tolerance && pause < 1, "backoff after the first 429: \(pause)")
        // Requests 2...20 go out at the halved rate (the quiet period has not passed yet)...
        #expect(gaps.dropFirst(1).allSatisfy { isClose($0, 0.2, tolerance: Self.tolerance) }, "\(gaps)")
        // ... and so is the retry of row 1 scheduled.
        let scheduled = try h.attempts().compactMap(\.scheduled)
        #expect(scheduled.count == 21)
        #expect(isClose(scheduled[20] - scheduled[19], 0.2, tolerance: Self.tolerance), "\(scheduled)")
        #expect(try h.store.countsByState() == [.succeeded: 20])
        let backoff = try #require(try h.store.pausedSeconds()["backoff"])
        #expect(isClose(backoff, pause, tolerance: Self.tolerance), "\(backoff) vs \(pause)")
    }

    @Test("the throttled row is sent again after the pause, last, and succeeds with one attempt")
    func throttledRowRetried() throws {
        let (h, _) = try Self.throttledFirst()
        defer { h.remove() }
        let urls = h.transport.sent.map(\.url)
        #expect(urls.filter { $0.hasSuffix("identifierValue=919800000001") }.count == 2)
        #expect(urls.last?.hasSuffix("identifierValue=919800000001") == true)
        let row = try #require(try h.rows().first { $0.id == 1 })
        #expect(row.state == .succeeded)
        #expect(row.attempts == 1)
    }

    @Test("with adaptive off the pool still pauses but goes on at 10/s")
    func adaptiveOff() throws {
        let (h, starts) = try Self.throttledFirst(adaptive: false)
        defer { h.remove() }
        let gaps = Self.gaps(Array(starts.prefix(20)))
        #expect(gaps[0] >= 0.5 - Self.tolerance, "\(gaps)")
        #expect(gaps.dropFirst(1).allSatisfy { isClose($0, 0.1, tolerance: Self.tolerance) }, "\(gaps)")
    }

    @Test("the attempt history records scheduled and actual starts; every start but the last is on schedule")
    func scheduledStarts() throws {
        let (h, starts) = try Self.throttledFirst()
        defer { h.remove() }
        let attempts = try h.attempts()
        #expect(attempts.count == 21)
        #expect(Array(attempts.map(\.started).prefix(20)) == Array(starts.prefix(20)))
        let delays = attempts.compactMap { a in a.scheduled.map { a.started - $0 } }
        #expect(delays.count == 21)
        #expect(delays.prefix(20).allSatisfy { abs($0) <= Self.tolerance }, "\(delays)")
        #expect((delays.last ?? -1) >= 0, "\(delays)")
        #expect(attempts.map(\.status).filter { $0 == 429 }.count == 1)
        let audit = try RateAudit.make(store: h.store)
        #expect(audit.requests == 21)
        #expect(audit.responses429 == 1)
        #expect(audit.maxRequestsInOneSecond <= 10)
    }
}
