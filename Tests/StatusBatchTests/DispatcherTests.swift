import Foundation
import Testing
@testable import StatusBatch

/// Dispatcher with a fake clock and a fake transport: pacing, retries, give-up, fatal auth and stop.
@Suite("Dispatcher")
struct DispatcherTests {
    static let ok = FakeTransport.json(200, #"{"createdId":566881933,"warnings":[]}"#)
    static let busy = FakeTransport.json(503, "")
    static let unauthorized = FakeTransport.json(401, #"{"errors":[{"code":401,"message":"Invalid credentials"}]}"#)

    /// With one worker, every start but the last is taken while the loop waits for the previous answer,
    /// so its fake time is exact; the last may be recorded after the idle loop moved the clock on.
    @Test("every row succeeds with one request each, starts 1/rate apart in fake time")
    func allSucceed() throws {
        let h = try SendingHarness(rows: 6) { _ in Self.ok }
        defer { h.dir.remove() }
        let start = h.clock.now()
        #expect(try h.run(rate: "10/s") == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == Array(repeating: .succeeded, count: 6))
        #expect(rows.map(\.attempts) == Array(repeating: 1, count: 6))
        #expect(rows.map(\.createdId) == Array(repeating: "566881933", count: 6))
        #expect(rows.map(\.httpStatus) == Array(repeating: 200, count: 6))
        let sent = h.transport.sent
        #expect(sent.map(\.url) == (1...6).map(SendingHarness.url))
        let offsets = sent.map { $0.time - start }
        #expect(zip(offsets, [0, 0.1, 0.2, 0.3, 0.4]).allSatisfy { isClose($0, $1) }, "\(offsets)")
        #expect(offsets.count == 6 && offsets[5] >= 0.5 - 1e-6, "\(offsets)")
        #expect(rows.prefix(5).map(\.firstSentAt) == sent.prefix(5).map { Optional($0.time) })
        #expect(sent.allSatisfy { $0.request.method == "PUT" })
        #expect(sent.allSatisfy {
            $0.request.headers.contains(.init(name: "Authorization", value: "Basic c3R1Yi10aWxsOjg5ZWZmYzI2NGUwNDgzZDgzNTc4ZmRiMzYwYjQwNGYy"))
        })
        #expect(h.transport.sent.count == 6)
    }

    @Test("100/m paces starts 0.6 s apart")
    func perMinutePacing() throws {
        let h = try SendingHarness(rows: 4) { _ in Self.ok }
        defer { h.dir.remove() }
        let start = h.clock.now()
        #expect(try h.run(rate: "100/m") == .finished)
        let offsets = h.transport.sent.map { $0.time - start }
        #expect(offsets.count == 4)
        #expect(zip(offsets, [0, 0.6, 1.2]).allSatisfy { isClose($0, $1) }, "\(offsets)")
    }

    @Test("with several workers every row is still sent exactly once")
    func concurrentWorkers() throws {
        let h = try SendingHarness(rows: 12) { _ in Self.ok }
        defer { h.dir.remove() }
        #expect(try h.run(rate: "50/s", concurrency: 4) == .finished)
        #expect(try h.store.countsByState() == [.succeeded: 12])
        #expect(h.transport.sent.map(\.url).sorted() == (1...12).map(SendingHarness.url).sorted())
    }

    @Test("503 twice then 200: succeeded after 3 attempts")
    func transientThenSuccess() throws {
        let script = ScriptedAnswers([Self.busy, Self.busy, Self.ok])
        let h = try SendingHarness(rows: 2) { script.next(for: $0) }
        defer { h.dir.remove() }
        #expect(try h.run(maxAttempts: 6) == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == [.succeeded, .succeeded])
        #expect(rows.map(\.attempts) == [3, 3])
        #expect(rows.map(\.apiMessage) == [nil, nil])
        #expect(h.transport.sent.count == 6)
        #expect(h.transport.sent.filter { $0.url == SendingHarness.url(1) }.count == 3)
    }

    @Test("always 503: gave up after maxAttempts requests")
    func giveUp() throws {
        let h = try SendingHarness(rows: 1) { _ in Self.busy }
        defer { h.dir.remove() }
        #expect(try h.run(maxAttempts: 4) == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == [.gaveUp])
        #expect(rows.map(\.attempts) == [4])
        #expect(rows.map(\.httpStatus) == [503])
        #expect(rows.map(\.apiMessage) == ["HTTP 503: empty body"])
        #expect(h.transport.sent.count == 4)
        let times = h.transport.sent.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("401 ends the run as fatal; no row is left in flight and the 401 row goes back to pending")
    func unauthorizedIsFatal() throws {
        let h = try SendingHarness(rows: 4) { _ in Self.unauthorized }
        defer { h.dir.remove() }
        let end = try h.run()
        #expect(end == .fatal("HTTP 401 unauthorized: Invalid credentials"))
        #expect(h.transport.sent.count == 1)
        let rows = try h.rows()
        #expect(rows.map(\.state) == [.pending, .pending, .pending, .pending])
        #expect(rows.map(\.attempts) == [0, 0, 0, 0])
        #expect(try h.store.countsByState() == [.pending: 4])
    }

    @Test("Retry-After on a 429 holds the next start for the whole pool")
    func retryAfterPausesPool() throws {
        let script = ScriptedAnswers([FakeTransport.json(429, "", headers: [("Retry-After", "3")]), Self.ok])
        let h = try SendingHarness(rows: 2) { script.next(for: $0) }
        defer { h.dir.remove() }
        let start = h.clock.now()
        #expect(try h.run(rate: "10/s") == .finished)
        let sent = h.transport.sent
        #expect(sent.map(\.url) == [SendingHarness.url(1), SendingHarness.url(2), SendingHarness.url(1), SendingHarness.url(2)])
        #expect(isClose(sent[0].time - start, 0))
        #expect(isClose(sent[1].time - start, 3), "\(sent.map { $0.time - start })")
        #expect(try h.store.countsByState() == [.succeeded: 2])
    }

    @Test("a stop raised before run returns .stopped and claims nothing")
    func stoppedBeforeRun() throws {
        let h = try SendingHarness(rows: 3) { _ in Self.ok }
        defer { h.dir.remove() }
        h.stop.raise()
        #expect(try h.run() == .stopped)
        #expect(h.transport.sent.isEmpty)
        #expect(try h.store.countsByState() == [.pending: 3])
        #expect(try h.rows().map(\.attempts) == [0, 0, 0])
    }

    @Test("an empty store finishes at once")
    func nothingToSend() throws {
        let h = try SendingHarness(rows: 1) { _ in Self.ok }
        defer { h.dir.remove() }
        _ = try h.store.claim(limit: 1, now: 0)
        try h.store.record([RowOutcome(rowId: 1, resolution: .failed(code: "8015", message: "x"), finishedAt: 0)])
        #expect(try h.run() == .finished)
        #expect(h.transport.sent.isEmpty)
    }
}
