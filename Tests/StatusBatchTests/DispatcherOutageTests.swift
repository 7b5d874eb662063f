import Foundation
import Testing
@testable import StatusBatch

/// Dispatcher during an API outage (fake clock and transport): a health read first, rows wait without
/// spending attempts, single probes, the outage pause, and giving up on the job after `maxOutage`; rows that
/// fail alone while reads answer spend their attempts.
@Suite("Dispatcher: outages")
struct DispatcherOutageTests {
    @Test("503 to the first 40 updates and to reads, then 200: every row succeeds, none gives up, outage time is recorded")
    func outageThenRecovery() throws {
        let counter = RequestCounter()
        let h = try SendingHarness(rows: 10) { request in
            if request.method == "GET" { return SendingHarness.unavailable }
            return counter.next() <= 40 ? SendingHarness.unavailable : SendingHarness.ok
        }
        defer { h.remove() }
        #expect(try h.run(concurrency: 1, maxAttempts: 3) == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == Array(repeating: .succeeded, count: 10), "\(rows.map { ($0.id, $0.state, $0.attempts) })")
        #expect(rows.allSatisfy { $0.attempts <= 3 })
        #expect(try h.store.countsByState()[.gaveUp] == nil)
        #expect(counter.value == 50)
        let paused = try h.store.pausedSeconds()
        #expect((paused["outage"] ?? 0) > 0, "\(paused)")
        // Every request is in the attempt history: the 40 failures and one success per row.
        let statuses = try h.attempts().map(\.status)
        #expect(statuses.filter { $0 == 503 }.count == 40)
        #expect(statuses.filter { $0 == 200 }.count == 10)
        // A health read (a lookup) when the outage began and after each failed row probe: the 20th failure
        // began it, so 20 row probes failed.
        #expect(h.transport.sent.filter { $0.request.method == "GET" }.count == 21)
        #expect(paused["health_check"] == nil, "\(paused)")
    }

    @Test("probes during an outage are spaced 2, 2, 4, 8 ... seconds apart, one at a time, after a failed health read")
    func probeSpacing() throws {
        let counter = RequestCounter()
        let h = try SendingHarness(rows: 5) { request in
            if request.method == "GET" { return SendingHarness.unavailable }
            return counter.next() <= 26 ? SendingHarness.unavailable : SendingHarness.ok
        }
        defer { h.remove() }
        let end = try h.run(concurrency: 1, maxAttempts: 20)
        #expect(end == .finished)
        guard end == .finished else { return }
        // Scheduled starts: a probe is scheduled when the loop decides to send it (the recorded start of a
        // request can lag in fake time when the loop idles before the worker thread reads the clock).
        let attempts = try h.attempts()
        let scheduled = attempts.compactMap(\.scheduled)
        #expect(scheduled.count == attempts.count)
        // Request 20 trips the detector (2 s from its answer to the first probe); requests 21...27 are probes.
        let firstProbeWait = scheduled[20] - attempts[19].started
        #expect(firstProbeWait >= 2 - 1e-6 && firstProbeWait <= 2.1, "\(firstProbeWait)")
        let gaps = (21..<27).map { scheduled[$0] - scheduled[$0 - 1] }
        let expected: [Double] = [2, 4, 8, 16, 30, 30]
        #expect(zip(gaps, expected).allSatisfy { isClose($0, $1, tolerance: 1e-3) }, "\(gaps)")
        #expect(try h.store.countsByState() == [.succeeded: 5])
    }

    @Test("maxOutage 10 s and always 503: run() returns .outage, no row gave up or stays in flight")
    func outageTooLong() throws {
        let h = try SendingHarness(rows: 10) { _ in SendingHarness.unavailable }
        defer { h.remove() }
        let start = h.clock.now()
        let end = try h.run(concurrency: 1, maxAttempts: 6) { $0.maxOutage = 10 }
        guard case .outage(let message) = end else {
            Issue.record("expected .outage, got \(end)")
            return
        }
        #expect(message.contains("failed every request for 10 s"), "\(message)")
        let counts = try h.store.countsByState()
        #expect(counts[.gaveUp] == nil, "\(counts)")
        #expect(counts[.inFlight] == nil, "\(counts)")
        #expect((counts[.pending] ?? 0) + (counts[.waiting] ?? 0) == 10, "\(counts)")
        // It gave up about maxOutage after the outage began, not much later.
        #expect(h.clock.now() - start < 60, "\(h.clock.now() - start)")
        let paused = try h.store.pausedSeconds()
        #expect((paused["outage"] ?? 0) >= 10, "\(paused)")
    }

    @Test("rows that were waiting out an outage have not spent attempts on it")
    func outageSpendsNoAttempts() throws {
        let h = try SendingHarness(rows: 10) { _ in SendingHarness.unavailable }
        defer { h.remove() }
        _ = try h.run(concurrency: 1, maxAttempts: 6) { $0.maxOutage = 60 }
        let rows = try h.rows()
        // 19 failures spent attempts before the 20th showed the outage; that one and every probe were free.
        #expect(rows.map(\.attempts).reduce(0, +) == 19, "\(rows.map(\.attempts))")
        #expect(h.transport.sent.count > 20)
    }

    @Test("rows that always get 503 while reads answer: the suspected outage is dismissed, they end gave_up, the rest succeed")
    func failingRowsWhileReadsAnswer() throws {
        let h = try SendingHarness(rows: 40) { request in
            if request.method == "GET" { return SendingHarness.lookupAnswer }
            // Rows 11 to 40 (the last 30) always fail.
            let index = Int(request.url.suffix(8)) ?? 0
            return index > 10 ? SendingHarness.unavailable : SendingHarness.ok
        }
        defer { h.remove() }
        let end = try h.run(concurrency: 1, maxAttempts: 3)
        #expect(end == .finished)
        let counts = try h.store.countsByState()
        #expect(counts == [.succeeded: 10, .gaveUp: 30], "\(counts)")
        // Each failing row spent its attempts; the outage was suspected and dismissed by health reads.
        #expect(try h.rows().filter { $0.state == .gaveUp }.allSatisfy { $0.attempts == 3 })
        let reads = h.transport.sent.filter { $0.request.method == "GET" }
        // Suspected more than once (90 failures, 20 in a row each time), and dismissed each time.
        #expect(reads.count >= 2 && reads.allSatisfy { $0.url.contains("identifierValue=919800000010") }, "\(reads.map(\.url))")
        let paused = try h.store.pausedSeconds()
        #expect(paused["outage"] == nil && paused["health_check"] != nil, "\(paused)")
    }
}
