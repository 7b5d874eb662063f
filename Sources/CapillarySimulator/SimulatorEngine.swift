import Foundation
import Synchronization

/// The simulated Update Customer Status endpoint as plain logic: validation, errors, limits,
/// per-customer locking, seeded faults, status history and the request log. Thread-safe.
public final class SimulatorEngine: Sendable {
    public let options: SimulatorOptions
    private let state: Mutex<SimulatorState>
    private let log: RequestLog?

    public init(options: SimulatorOptions) throws {
        self.options = options
        state = Mutex(SimulatorState(options: options))
        log = try options.logPath.map { try RequestLog(path: $0) }
    }

    /// Answers one request at time `now` (seconds since 1970).
    public func handle(_ request: SimulatedRequest, now: Double) -> SimulatedReply {
        let query = request.query
        let reply = state.withLock { $0.reply(to: request, query: query, now: now) }
        log?.append(request: request, query: query, reply: reply, now: now)
        return reply
    }

    /// Marks a customer free again once its answer is sent.
    public func finished(_ reply: SimulatedReply) {
        guard let customer = reply.busyCustomer else { return }
        state.withLock { _ = $0.busy.remove(customer) }
    }

    /// How many status changes each customer received (identifierName + `:` + value).
    public func historyCounts() -> [String: Int] {
        state.withLock { $0.history.mapValues(\.count) }
    }

    /// Flushes the request log.
    public func flushLog() { log?.flush() }
}

/// The mutable part of the simulator, guarded by the engine's mutex.
struct SimulatorState {
    let options: SimulatorOptions
    var perSecond: RollingWindowLimiter
    var perMinute: RollingWindowLimiter
    var leakyBucket: LeakyBucketLimiter
    let origin: Double
    var busy: Set<String> = []
    var requestsPerCustomer: [String: Int] = [:]
    var history: [String: [String]] = [:]
    var nextCreatedId = 566_881_000

    init(options: SimulatorOptions) {
        self.options = options
        perSecond = RollingWindowLimiter(limit: options.perSecondLimit, window: 1)
        perMinute = RollingWindowLimiter(limit: options.perMinuteLimit, window: 60)
        leakyBucket = LeakyBucketLimiter(rate: options.limitRate, burst: options.limitBurst)
        origin = options.origin ?? Date().timeIntervalSince1970
    }

    mutating func reply(to request: SimulatedRequest, query: [String: String], now: Double) -> SimulatedReply {
        guard request.path == "/v2/customers/lookup/status" else {
            return SimulatorErrors.reply(404, code: 404, "No route for \(request.path)")
        }
        guard request.method == "PUT" else { return SimulatorErrors.reply(405, code: 405, "Method not allowed") }
        if let expected = options.expectedAuthorization, request.header("authorization") != expected {
            return SimulatorErrors.reply(401, code: 401, "Invalid or missing credentials")
        }
        let sinceOrigin = now - origin
        if options.outages.contains(where: { sinceOrigin >= $0.start && sinceOrigin < $0.start + $0.duration }) {
            return SimulatorErrors.reply(503, code: 503, "Service unavailable (simulated outage)")
        }
        if var limited = limited(now: now) {
            limited.status = 429
            return limited
        }
        let name = query["identifierName"] ?? ""
        let value = query["identifierValue"] ?? ""
        let customer = name.lowercased() + ":" + value
        let seen = requestsPerCustomer[customer, default: 0]
        requestsPerCustomer[customer] = seen + 1
        var fault = SeededFaults(seed: options.seed, customer: customer, attempt: seen)
        let delay = (options.latencyMs + fault.unit() * options.latencyJitterMs) / 1000
        if fault.unit() < options.dropRate { return SimulatedReply(status: 0, body: "", delay: delay, drop: true) }
        if fault.unit() < options.failureRate || value.hasSuffix("0503") {
            return withDelay(SimulatorErrors.reply(503, code: 503, "Service temporarily unavailable"), delay)
        }
        if value.hasSuffix("0500") { return withDelay(SimulatorErrors.reply(500, code: 500, "Internal error"), delay) }
        if value.hasSuffix("0429") {
            var reply = SimulatorErrors.reply(429, code: 429, "Too many requests")
            reply.headers.append(("Retry-After", "1"))
            return withDelay(reply, delay)
        }
        if let problem = SimulatorValidation.problem(request: request, query: query, options: options) {
            return withDelay(problem, delay)
        }
        guard !busy.contains(customer) else {
            return withDelay(SimulatorErrors.reply(521, code: 521, "Another action is in progress for this customer"), delay)
        }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        let label = body?["label"] as? String ?? ""
        history[customer, default: []].append(label)
        nextCreatedId += 1
        busy.insert(customer)
        return SimulatedReply(status: 200, body: "{\"createdId\":\(nextCreatedId),\"warnings\":[]}", delay: delay,
                              busyCustomer: customer)
    }

    private mutating func limited(now: Double) -> SimulatedReply? {
        if let wait = leakyBucket.admit(now: now) {
            var reply = SimulatorErrors.reply(429, code: 429, "Too many requests")
            if options.retryAfterOn429 { reply.headers.append(("Retry-After", String(Int(wait.rounded(.up))))) }
            return reply
        }
        // Both windows must admit; the wait is the longer of the two, and nothing is recorded on refusal.
        let waits = [perSecond.waitBeforeAdmitting(now: now), perMinute.waitBeforeAdmitting(now: now)].compactMap { $0 }
        guard let wait = waits.max() else {
            perSecond.record(now: now)
            perMinute.record(now: now)
            return nil
        }
        var reply = SimulatorErrors.reply(429, code: 429, "Rate limit exceeded")
        if options.retryAfterOn429 { reply.headers.append(("Retry-After", String(Int(wait.rounded(.up))))) }
        return reply
    }

    private func withDelay(_ reply: SimulatedReply, _ delay: Double) -> SimulatedReply {
        var delayed = reply
        delayed.delay = delay
        return delayed
    }
}

/// A deterministic stream of numbers in [0, 1) for one customer's n-th request under one seed,
/// so faults do not depend on the order requests arrive in.
struct SeededFaults {
    private var state: UInt64

    init(seed: UInt64, customer: String, attempt: Int) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in customer.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash ^ (UInt64(attempt) &* 0x9E37_79B9_7F4A_7C15)
    }

    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
