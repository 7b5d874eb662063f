import Foundation

/// The mutable part of the simulator, guarded by the engine's mutex: routing and the status update itself.
/// The OAuth and read-back endpoints live in extensions (SimulatorState+OAuth, SimulatorState+Reading).
struct SimulatorState {
    let options: SimulatorOptions
    var perSecond: RollingWindowLimiter
    var perMinute: RollingWindowLimiter
    var fixedWindow: FixedWindowLimiter
    var leakyBucket: LeakyBucketLimiter
    let origin: Double
    var busy: Set<String> = []
    var requestsPerCustomer: [String: Int] = [:]
    var history = StatusHistory()
    var tokens: OAuthTokens
    var nextCreatedId = 566_881_000

    init(options: SimulatorOptions) {
        self.options = options
        perSecond = RollingWindowLimiter(limit: options.perSecondLimit, window: 1)
        perMinute = RollingWindowLimiter(limit: options.perMinuteLimit, window: 60)
        leakyBucket = LeakyBucketLimiter(rate: options.limitRate, burst: options.limitBurst)
        origin = options.origin ?? Date().timeIntervalSince1970
        fixedWindow = FixedWindowLimiter(limit: options.fixedWindowLimit, window: options.fixedWindowSeconds, origin: origin)
        tokens = OAuthTokens(seed: options.seed, ttl: options.oauthTTL, revokeAfter: options.oauthRevokeAfter)
    }

    /// Routes by path (404), then method (405), then hands over to the endpoint.
    mutating func reply(to request: SimulatedRequest, query: [String: String], now: Double) -> SimulatedReply {
        guard let route = SimulatorRoute(path: request.path), route != .generateToken || options.oauthEnabled else {
            return SimulatorErrors.reply(404, code: 404, "No route for \(request.path)")
        }
        guard request.method == route.method else { return SimulatorErrors.reply(405, code: 405, "Method not allowed") }
        switch route {
        case .updateStatus:
            var reply = updateStatus(request, query: query, now: now)
            reply.quotaWindow = fixedWindow.index(now: now)
            return reply
        case .generateToken: return generateToken(request, now: now)
        case .lookup: return lookup(request, query: query, now: now)
        case .statusLog(let customerId): return statusLog(request, customerId: customerId, now: now)
        }
    }

    /// `PUT /v2/customers/lookup/status`, checks in order: authorization, outage, rate limits, seeded faults and
    /// value-suffix hooks, validation, per-customer lock; then the effect faults (`EffectFault`, drawn after the
    /// other seeded draws); a success (also apply-then-drop and apply-then-late) records a history entry.
    private mutating func updateStatus(_ request: SimulatedRequest, query: [String: String], now: Double) -> SimulatedReply {
        if let refusal = authorizationProblem(request, now: now) { return refusal }
        if inOutage(now: now) {
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
        if let hooked = Self.suffixFault(value: value, seededFailure: fault.unit() < options.failureRate) {
            return withDelay(hooked, delay)
        }
        if let problem = SimulatorValidation.problem(request: request, query: query, options: options) {
            return withDelay(problem, delay)
        }
        guard !busy.contains(customer) else {
            return withDelay(SimulatorErrors.reply(521, code: 521, "Another action is in progress for this customer"), delay)
        }
        let effect = EffectFault(drawingFrom: &fault, options: options)
        if effect == .html200 { return EffectFault.html200Reply(delay: delay) }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        nextCreatedId += 1
        history.record(StatusHistory.Entry(label: body?["label"] as? String ?? "", reason: body?["reason"] as? String ?? "",
                                           createdOn: body?["createdOn"] as? String ?? SimulatorJSON.timestamp(now),
                                           createdId: nextCreatedId),
                       for: customer)
        busy.insert(customer)
        var reply = SimulatedReply(status: 200, body: "{\"createdId\":\(nextCreatedId),\"warnings\":[]}", delay: delay,
                                   busyCustomer: customer)
        reply.applied = true
        if effect == .applyThenDrop { reply.drop = true }
        if effect == .applyThenLate { reply.delay = options.lateAnswerSeconds }
        return reply
    }

    /// True inside one of the configured outage windows.
    func inOutage(now: Double) -> Bool {
        let sinceOrigin = now - origin
        return options.outages.contains { sinceOrigin >= $0.start && sinceOrigin < $0.start + $0.duration }
    }

    /// The seeded 503 and the test hooks on the identifier value's ending: 0503 → 503, 0500 → 500,
    /// 0429 → 429 with `Retry-After: 1`, 0461 → 461 (search busy). Nil when none applies.
    private static func suffixFault(value: String, seededFailure: Bool) -> SimulatedReply? {
        if seededFailure || value.hasSuffix("0503") {
            return SimulatorErrors.reply(503, code: 503, "Service temporarily unavailable")
        }
        if value.hasSuffix("0500") { return SimulatorErrors.reply(500, code: 500, "Internal error") }
        if value.hasSuffix("0429") {
            var reply = SimulatorErrors.reply(429, code: 429, "Too many requests")
            reply.headers.append(("Retry-After", "1"))
            return reply
        }
        if value.hasSuffix("0461") { return SimulatorErrors.reply(461, code: 461, "Search busy, retry later") }
        return nil
    }

    /// The 429 to answer when a limit refuses the request at `now`; admits (and records) it otherwise.
    private mutating func limited(now: Double) -> SimulatedReply? {
        if let wait = leakyBucket.admit(now: now) {
            var reply = SimulatorErrors.reply(429, code: 429, "Too many requests")
            if options.retryAfterOn429 { reply.headers.append(("Retry-After", String(Int(wait.rounded(.up))))) }
            return reply
        }
        // Every window must admit; the wait is the longest, and nothing is recorded on refusal.
        let waits = [perSecond.waitBeforeAdmitting(now: now), perMinute.waitBeforeAdmitting(now: now),
                     fixedWindow.waitBeforeAdmitting(now: now)].compactMap { $0 }
        guard let wait = waits.max() else {
            perSecond.record(now: now)
            perMinute.record(now: now)
            fixedWindow.record()
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
