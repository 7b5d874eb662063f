import Foundation
import Synchronization

/// The simulated Capillary endpoints as plain logic: Update Customer Status (validation, errors, limits,
/// per-customer locking, seeded faults), OAuth tokens, customer lookup and status log, and the request log.
/// Thread-safe.
public final class SimulatorEngine: Sendable {
    public let options: SimulatorOptions
    private let state: Mutex<SimulatorState>
    private let log: RequestLog?

    public init(options: SimulatorOptions) throws {
        self.options = options
        state = Mutex(SimulatorState(options: options))
        log = try options.logPath.map { try RequestLog(path: $0) }
    }

    /// Answers one request at time `now` (seconds since 1970) and logs it (a blocking file write:
    /// never call it on an event loop; the server uses `reply` and `record` instead).
    public func handle(_ request: SimulatedRequest, now: Double) -> SimulatedReply {
        let reply = self.reply(to: request, now: now)
        record(request, reply: reply, now: now)
        return reply
    }

    /// Answers one request at time `now` without logging it (no I/O).
    public func reply(to request: SimulatedRequest, now: Double) -> SimulatedReply {
        let query = request.query
        return state.withLock { $0.reply(to: request, query: query, now: now) }
    }

    /// True when requests are logged to a file.
    public var logsRequests: Bool { log != nil }

    /// Appends the request and its reply to the request log, if there is one (blocking file I/O).
    public func record(_ request: SimulatedRequest, reply: SimulatedReply, now: Double) {
        log?.append(request: request, query: request.query, reply: reply, now: now)
    }

    /// Marks a customer free again once its answer is sent.
    public func finished(_ reply: SimulatedReply) {
        guard let customer = reply.busyCustomer else { return }
        state.withLock { _ = $0.busy.remove(customer) }
    }

    /// How many status changes each customer received (identifierName + `:` + value).
    public func historyCounts() -> [String: Int] {
        state.withLock { $0.history.counts }
    }

    /// Flushes the request log.
    public func flushLog() { log?.flush() }
}
