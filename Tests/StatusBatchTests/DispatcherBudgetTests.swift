import Foundation
import Testing
@testable import StatusBatch

/// Dispatcher retry budgets with a fake clock and transport: throttled answers spend their own budget.
@Suite("Dispatcher: retry budgets")
struct DispatcherBudgetTests {
    @Test("429 (Retry-After: 1) five times then 200: succeeded although maxAttempts is 3; six attempts recorded")
    func throttlesDoNotSpendAttempts() throws {
        let script = ScriptedAnswers(Array(repeating: SendingHarness.tooMany(retryAfter: "1"), count: 5) + [SendingHarness.ok])
        let h = try SendingHarness(rows: 1) { script.next(for: $0) }
        defer { h.remove() }
        #expect(try h.run(maxAttempts: 3) == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == [.succeeded])
        #expect(rows.map(\.attempts) == [1])
        #expect(rows.map(\.httpStatus) == [200])
        #expect(h.transport.sent.count == 6)
        let attempts = try h.attempts()
        #expect(attempts.count == 6)
        #expect(attempts.map(\.status) == [429, 429, 429, 429, 429, 200])
        // Each retry waits for the Retry-After second.
        let starts = attempts.map(\.started)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 >= 1 - 1e-6 }, "\(starts)")
        #expect(try h.store.pausedSeconds()["retry_after"].map { $0 >= 5 - 1e-6 } == true)
    }

    @Test("maxThrottles 3 and always 429: gave up after 3 requests, with the throttle count in the message")
    func throttleBudgetRunsOut() throws {
        let h = try SendingHarness(rows: 1) { _ in SendingHarness.tooMany(retryAfter: "1") }
        defer { h.remove() }
        #expect(try h.run(maxAttempts: 6) { $0.maxThrottles = 3 } == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == [.gaveUp])
        #expect(rows.map(\.httpStatus) == [429])
        #expect(rows.first?.apiMessage?.contains("throttled 3 times") == true, "\(rows.first?.apiMessage ?? "nil")")
        #expect(h.transport.sent.count == 3)
        #expect(try h.attempts().count == 3)
    }

    @Test("429 without Retry-After also spends only the throttle budget")
    func throttleWithoutRetryAfter() throws {
        let script = ScriptedAnswers(Array(repeating: SendingHarness.tooMany, count: 4) + [SendingHarness.ok])
        let h = try SendingHarness(rows: 2) { script.next(for: $0) }
        defer { h.remove() }
        #expect(try h.run(maxAttempts: 2) == .finished)
        #expect(try h.store.countsByState() == [.succeeded: 2])
        #expect(h.transport.sent.count == 10)
        #expect(try h.store.pausedSeconds()["backoff"].map { $0 > 0 } == true)
    }

    @Test("transient failures still spend attempts: 503 always with maxAttempts 3 gives up after 3 requests")
    func transientSpendsAttempts() throws {
        let h = try SendingHarness(rows: 1) { _ in SendingHarness.unavailable }
        defer { h.remove() }
        #expect(try h.run(maxAttempts: 3) == .finished)
        #expect(try h.rows().map(\.state) == [.gaveUp])
        #expect(try h.rows().map(\.attempts) == [3])
        #expect(h.transport.sent.count == 3)
    }

    @Test("mixed: two 429s and two 503s then 200 succeed with maxAttempts 3 (the 429s are free)")
    func mixedBudgets() throws {
        let script = ScriptedAnswers([SendingHarness.tooMany(retryAfter: "1"), SendingHarness.unavailable,
                                      SendingHarness.tooMany(retryAfter: "1"), SendingHarness.unavailable, SendingHarness.ok])
        let h = try SendingHarness(rows: 1) { script.next(for: $0) }
        defer { h.remove() }
        #expect(try h.run(maxAttempts: 3) == .finished)
        let rows = try h.rows()
        #expect(rows.map(\.state) == [.succeeded])
        #expect(rows.map(\.attempts) == [3])
        #expect(try h.attempts().map(\.status) == [429, 503, 429, 503, 200])
    }
}
