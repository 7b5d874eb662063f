/// Every sending decision, as a value: it takes events (rows claimed, answers, tokens, a stop) and
/// the time, and says what to do next (claim, start a row, generate a token, commit, wait, finish).
/// It knows no threads, no SQLite and no clock but the times it is given; `Dispatcher` carries out
/// its actions. Its parts are small value types: `Pacer`, `AdaptiveRate`, `PoolPauses`,
/// `OutageWatch`, `TokenBook`, `RetryPolicy` (answers are decided in `SendingCore+Answers`).
public struct SendingCore: Sendable {
    /// A row whose request has left.
    struct Flight: Sendable, Equatable {
        var row: ClaimedRow
        var scheduledAt: Double
        var startedAt: Double
        var tokenGeneration: Int
        /// The status update, or the read-back call the row's step makes.
        var call: RequestCall
    }

    /// Set once sending must end: how, and how long requests in flight may still take.
    struct Halt: Sendable, Equatable {
        var end: SendingEnd
        var drainUntil: Double
    }

    let settings: SendingSettings
    var pacer: Pacer
    var adaptive: AdaptiveRate
    /// A per-window quota learnt from runs of 429s (with `--adaptive on`): requests are paced just under it.
    var quotaLearner: WindowQuotaLearner
    /// A leaky bucket learnt from 429s spread between admissions, while no window quota is learnt.
    var bucketLearner: BucketRateLearner
    var pauses = PoolPauses()
    var outage = OutageWatch()
    var tokens: TokenBook
    var random: SeededRandom
    /// Claimed and not started yet, in claim order.
    private(set) var claimed: [ClaimedRow] = []
    private(set) var inFlight: [Int: Flight] = [:]
    /// Outcomes not yet handed out for commit, in arrival order.
    var outcomes: [RowOutcome] = []
    /// The start time the pacer reserved for the first claimed row.
    private var reservedStart: Double?
    /// When the store may next have a due row (+∞: it said none is left; a retry lowers it again).
    var nextClaimAt = -Double.infinity
    private(set) var halt: Halt?
    /// Why the read-back calls cannot be used, once they were refused for the whole job; rows then go without them.
    var readsUnavailable: String?
    /// Read-back calls refused in a row (403, 404, 405, a 401 no new token cures): at
    /// `refusalsBeforeReadsOff` the reads are given up for the job; a read that answers resets it.
    var readRefusals = 0
    static let refusalsBeforeReadsOff = 3
    /// The customer of the last update the API answered (success or error), else of a row claimed during an
    /// outage: the health read looks it up.
    var healthReference: CustomerUpdate?
    /// Labels, sources or every row found to fail systematically, and the rows held back for it.
    var systematic: SystematicWatch
    /// Rows throttled again and again while the API answers others: their 429s are not the pool's.
    var rowThrottles = RowThrottles()
    /// The adaptive decreases in force and the row whose 429 caused each, to take one back when that row turns
    /// out to be refused for itself.
    var decreasesByRow: [(rowId: Int, refusedBefore: Double)] = []
    private var closed = false
    var counters = SendingProgress()

    /// `total` is the rows this session sets out to send; `generatesTokens` is true for OAuth client credentials.
    public init(settings: SendingSettings, generatesTokens: Bool, random: SeededRandom, total: Int = 0) {
        self.settings = settings
        pacer = Pacer(rate: settings.rate, burst: settings.burst)
        adaptive = AdaptiveRate(ceiling: settings.rate.perSecond)
        var rememberedQuota: LearnedQuota?, rememberedBucket: LearnedBucket?
        switch settings.rememberedLimit {
        case .window(let quota): rememberedQuota = quota
        case .bucket(let bucket): rememberedBucket = bucket
        case nil: break
        }
        quotaLearner = WindowQuotaLearner(remembered: rememberedQuota)
        bucketLearner = BucketRateLearner(remembered: rememberedBucket)
        tokens = TokenBook(generatesTokens: generatesTokens)
        systematic = SystematicWatch(limit: settings.maxSystematicFailures)
        self.random = random
        counters.total = total
    }

    /// Counters so far, with the rate in use and whether the API looks down.
    public var progress: SendingProgress {
        var snapshot = counters
        snapshot.currentRate = currentRate
        snapshot.inOutage = outage.isActive
        snapshot.readsUnavailable = readsUnavailable
        snapshot.held = systematic.heldConstants
        snapshot.learntLimit = settings.adaptive ? learntLimit : nil
        return snapshot
    }

    /// The rate in use, read without advancing the adaptive climb.
    public var currentRate: Double {
        settings.adaptive ? min(adaptive.current, limitPace(now: nil)) : adaptive.ceiling
    }

    /// The limit learnt so far: a window quota, else a settled bucket.
    var learntLimit: LearnedLimit? {
        if let quota = quotaLearner.learnt { return .window(quota) }
        return bucketLearner.learnt.map { .bucket($0) }
    }

    /// The pace a learnt (or learning) limit sets: a window quota's (its catch-up after a boundary at `now`), else the
    /// bucket learner's; +∞ when neither says anything.
    func limitPace(now: Double?) -> Double {
        if quotaLearner.learnt != nil {
            return (now.flatMap { quotaLearner.pace(now: $0) } ?? quotaLearner.learnt?.pace) ?? .infinity
        }
        return bucketLearner.pace ?? .infinity
    }

    /// How often the adaptive rate was lowered.
    public var rateDecreases: Int { adaptive.decreases }

    /// Takes in one event that happened at `now`.
    public mutating func handle(_ event: SendingEvent, now: Double) {
        switch event {
        case .claimed(let rows, let nextDue):
            claimed += rows
            if rows.isEmpty { nextClaimAt = nextDue ?? .infinity }
        case .answered(let rowId, let reply):
            guard let flight = inFlight.removeValue(forKey: rowId) else { return }
            answered(flight, reply: reply, now: now)
        case .readAnswered(let rowId, let reply):
            guard let flight = inFlight.removeValue(forKey: rowId) else { return }
            if rowId == Self.healthReadRowId {
                healthReadAnswered(reply, tokenGeneration: flight.tokenGeneration, now: now)
            } else {
                readAnswered(flight, reply: reply, now: now)
            }
        case .tokenIssued(let token, let lifetime):
            tokens.issued(token, lifetime: lifetime, now: now)
        case .tokenRefused(let message):
            stop(.fatal(message), now: now)
        case .tokenUnavailable(let message):
            // The token endpoint is in trouble: try again with backoff, and stop only when it keeps failing.
            guard settings.retryPolicy.mayRetry(afterAttempts: tokens.unavailableCalls + 1) else {
                stop(.fatal("\(message); the OAuth token call failed \(tokens.unavailableCalls + 1) times in a row"), now: now)
                return
            }
            tokens.unavailable(now: now, delay: settings.retryPolicy.delay(afterAttempts: tokens.unavailableCalls + 1,
                                                                           retryAfter: nil, unitRandom: random.nextUnit()))
        case .stopRequested:
            stop(.stopped, now: now)
        }
    }

    /// What to do at `now`. Call it again after carrying the action out (or after new events).
    public mutating func nextAction(now: Double) -> SendingAction {
        if halt == nil, let since = outage.since, now - since >= settings.maxOutage {
            stop(.outage("the API failed every request for \(Int(settings.maxOutage)) s (outage since \(Timestamp.iso(since)))"), now: now)
        }
        // Rows claimed but not sent go back: all of them when stopping or for a health read (the first one's
        // customer is looked up when no update was answered yet), all but the next probe in an outage, so a crash
        // now cannot make them `unknown`.
        if outage.isActive, healthReference == nil, let first = claimed.first { healthReference = first.update }
        let keep = halt != nil || (outage.isActive && healthReadPending) ? 0 : (outage.isActive ? 1 : claimed.count)
        if claimed.count > keep { release(claimed.count - keep, now: now) }
        if !outcomes.isEmpty || pauses.hasRecords { return startBeforeCommit(now: now) ?? takeCommit() }
        if halt == nil && claimed.isEmpty && inFlight.isEmpty && nextClaimAt == .infinity {
            let held = systematic.held.map(systematic.message)
            stop(held.isEmpty ? .finished : .systematic(held.joined(separator: "; ")), now: now)
        }
        if let halt { return drain(halt, now: now) }
        return outage.isActive ? probe(now: now) : pace(now: now)
    }

    /// A due row's start, when one may go now, ahead of committing answers: its claim made it durable already,
    /// and an answer committed a moment later changes nothing the next start depends on (the core decided on
    /// it when it came), so free connections do not idle while the store writes. Nil: commit first — always
    /// when the row to start has an outcome of its own waiting (a read that answered: its step must be in the
    /// store before the request it leads to leaves).
    private mutating func startBeforeCommit(now: Double) -> SendingAction? {
        guard halt == nil, !outage.isActive else { return nil }
        if let head = claimed.first, outcomes.contains(where: { $0.rowId == head.id }) { return nil }
        switch pace(now: now) {
        case .start(let start): return .start(start)
        // Pacing itself handed back outcomes (a read skipped, a row held back): that is the commit.
        case .commit(let outcomes, let pauses): return .commit(outcomes: outcomes, pauses: pauses)
        default: return nil
        }
    }

    /// Ends sending the way `end` says (after the requests in flight, up to the drain timeout).
    mutating func stop(_ end: SendingEnd, now: Double) {
        if var current = halt {
            if end.severity > current.end.severity { current.end = end }
            halt = current
        } else {
            halt = Halt(end: end, drainUntil: now + settings.drainTimeout)
        }
    }

    private mutating func release(_ count: Int, now: Double) {
        for row in claimed.suffix(count) {
            outcomes.append(RowOutcome(rowId: row.id, resolution: .released(step: row.stepWhenGivenBack), finishedAt: now))
        }
        claimed.removeLast(count)
        if claimed.isEmpty { reservedStart = nil }
        if halt == nil { nextClaimAt = min(nextClaimAt, now) }
    }

    mutating func takeCommit() -> SendingAction {
        let batch = outcomes
        outcomes.removeAll(keepingCapacity: true)
        return .commit(outcomes: batch, pauses: pauses.take())
    }

    /// Waits for the requests in flight (up to the drain deadline), records an outage still going on, then ends.
    private mutating func drain(_ halt: Halt, now: Double) -> SendingAction {
        guard inFlight.isEmpty || now >= halt.drainUntil else { return .wait(until: halt.drainUntil) }
        if !closed {
            closed = true
            if let record = outage.close(now: now) {
                pauses.add(record)
                return takeCommit()
            }
        }
        return .finish(halt.end)
    }

    /// Normal sending: fill free slots at the pacer's times, pool-wide pauses and the adaptive rate.
    private mutating func pace(now: Double) -> SendingAction {
        guard inFlight.count < settings.concurrency, !systematic.blocksEveryRow else {
            return topUpClaims(now: now) ?? .wait(until: nil)
        }
        guard !claimed.isEmpty else { return claimOrWait(now: now, limit: settings.claimBatch, also: nil) }
        if skipReadIfUnavailable(now: now) || holdBackIfSystematic(now: now) { return takeCommit() }
        if reservedStart.map({ $0 < pauses.until }) ?? true {
            // A pause that came after the reservation moves it.
            pacer.setRate(perSecond: settings.adaptive ? min(adaptive.rate(now: now), limitPace(now: now)) : adaptive.ceiling)
            pacer.pause(until: pauses.until)
            reservedStart = pacer.reserve(now: now)
        }
        guard let scheduled = reservedStart, now >= scheduled else { return .wait(until: reservedStart) }
        if tokens.needsToken(now: now) { return now >= tokens.retryAt ? .requestToken : .wait(until: tokens.retryAt) }
        return start(scheduledAt: scheduled, isProbe: false, now: now)
    }

    /// While every connection is busy, rows for the next free ones are claimed once half of the claimed batch
    /// is gone, so a claim's sync is not waited for with connections idle. Nil: nothing to claim now.
    private func topUpClaims(now: Double) -> SendingAction? {
        let batch = settings.claimBatch
        guard !systematic.blocksEveryRow, claimed.count <= batch / 2, now >= nextClaimAt else { return nil }
        return .claim(limit: batch - claimed.count, filter: systematic.filter)
    }

    func claimOrWait(now: Double, limit: Int, also deadline: Double?) -> SendingAction {
        if now >= nextClaimAt { return .claim(limit: limit, filter: systematic.filter) }
        return .wait(until: [nextClaimAt.isFinite ? nextClaimAt : nil, deadline].compactMap { $0 }.min())
    }

    mutating func start(scheduledAt: Double, isProbe: Bool, now: Double) -> SendingAction {
        let row = claimed.removeFirst()
        reservedStart = nil
        let call: RequestCall = !row.step.isRead ? .update : row.customerId == nil ? .lookup : .statusLog
        if call == .update { systematic.started(row.update) }
        inFlight[row.id] = Flight(row: row, scheduledAt: scheduledAt, startedAt: now, tokenGeneration: tokens.generation,
                                  call: call)
        return .start(RequestStart(row: row, scheduledAt: scheduledAt, token: tokens.token, isProbe: isProbe, call: call))
    }

    /// A lookup of `reference`'s customer, belonging to no row: it changes nothing and is not a row's request.
    mutating func startHealthRead(of reference: CustomerUpdate, now: Double) -> SendingAction {
        let row = ClaimedRow(id: Self.healthReadRowId, line: 0, update: reference, step: .confirm)
        inFlight[row.id] = Flight(row: row, scheduledAt: now, startedAt: now, tokenGeneration: tokens.generation,
                                  call: .lookup)
        return .start(RequestStart(row: row, scheduledAt: now, token: tokens.token, isProbe: true, call: .lookup))
    }

    /// A claimed row whose label or source is held back (or would pass the limit) goes back unsent; the store
    /// leaves it alone while the claim filter says so. True when an outcome was added (commit it first).
    mutating func holdBackIfSystematic(now: Double) -> Bool {
        guard let row = claimed.first, !row.step.isRead, systematic.blocks(row.update) else { return false }
        dropHead()
        outcomes.append(RowOutcome(rowId: row.id, resolution: .released(step: row.stepWhenGivenBack),
                                   finishedAt: now))
        return true
    }

    /// Drops the start time reserved for the next row (the pace changed): the next start is reserved afresh.
    mutating func resetReservation() { reservedStart = nil }

    /// Replaces the head of the claimed queue (a read skipped: the row's update goes instead).
    mutating func replaceHead(with row: ClaimedRow) { claimed[0] = row }

    /// Drops the head of the claimed queue (a read skipped, and nothing else to send for the row).
    mutating func dropHead() {
        claimed.removeFirst()
        if claimed.isEmpty { reservedStart = nil }
    }

    /// Puts a row whose read answered back at the head of the queue for its next request (paced like any other).
    mutating func requeue(_ row: ClaimedRow) {
        claimed.insert(row, at: 0)
    }
}
