/// What a read-back answer means: a lookup found the customer's id, a status log confirms or refutes an
/// uncertain update, verifies a succeeded one, or gives the label before an update. Failures are handled
/// like a send's (throttling, outages, retries, tokens); reads refused for the whole job make every row go
/// without them (an uncertain row is then sent again, flagged).
extension SendingCore {
    mutating func readAnswered(_ flight: Flight, reply: ReadReply, now: Double) {
        var row = flight.row
        counters.reads += 1
        let (resolution, budget) = decideRead(&row, reply.result, call: flight.call,
                                              tokenGeneration: flight.tokenGeneration, now: now)
        noteDue(resolution, now: now)
        let classification: Classification
        switch reply.result {
        case .failed(let failure): classification = failure
        case .rowRefused(let code, let message): classification = .permanent(code: code, message: message)
        case .unavailable(let message): classification = .fatal(message: message)
        case .customer, .statusLog: classification = .success(createdId: nil, warnings: [])
        }
        let attempt = AttemptRecord(attempt: row.attempts + 1, scheduledAt: flight.scheduledAt, startedAt: flight.startedAt,
                                    durationMs: (now - flight.startedAt) * 1000, httpStatus: reply.httpStatus,
                                    code: nil, outcome: Self.outcome(classification), retryAfter: nil, call: flight.call)
        // The row keeps its update's HTTP status, latency and request id; the read's are in the attempt history.
        var outcome = RowOutcome(rowId: row.id, resolution: resolution, counts: budget.counts(flight.call),
                                 finishedAt: now, attempt: attempt)
        outcome.customerId = row.customerId
        if case .stepDone(let next, let settled) = resolution {
            // A read that found the update not applied makes the resend a first, confirmed send.
            if settled { row.uncertainOpen = false }
            if flight.row.step == .previous && next == .send, case .statusLog(let log) = reply.result {
                outcome.previous = PreviousLabel(label: ReadBackRule.previousLabel(log))
            }
            row.step = next
            requeue(row)
        }
        outcomes.append(outcome)
    }

    /// Rows claimed for a read while reads are unavailable go without it: the update is sent (an uncertain
    /// one flagged), a verification stays unchecked. True when an outcome was added (commit it first).
    mutating func skipReadIfUnavailable(now: Double) -> Bool {
        guard readsUnavailable != nil, let row = claimed.first, row.step.isRead else { return false }
        let next = withoutRead(row)
        if case .stepDone(let step, _) = next {
            var sent = row
            sent.step = step
            replaceHead(with: sent)
        } else {
            dropHead()
        }
        outcomes.append(RowOutcome(rowId: row.id, resolution: next, finishedAt: now))
        return true
    }

    private mutating func decideRead(_ row: inout ClaimedRow, _ result: ReadResult, call: RequestCall,
                                     tokenGeneration: Int, now: Double) -> (RowResolution, RetryBudget) {
        switch result {
        case .customer(let id):
            tokens.accepted()
            apiIsUp(now: now)
            row.customerId = id
            return (.stepDone(next: row.step), .free)
        case .statusLog(let log):
            tokens.accepted()
            apiIsUp(now: now)
            return (judge(row, log), .free)
        case .rowRefused(let code, _):
            apiIsUp(now: now)
            // An unknown customer cannot have been updated: the update is sent (and fails as the API decides).
            if row.step == .confirm && code == "8015" { return (settle(row), .free) }
            return (withoutRead(row), .free)
        case .unavailable(let message):
            readsUnavailable = readsUnavailable ?? message
            return (withoutRead(row), .free)
        case .failed(let classification):
            return readFailed(row, classification, tokenGeneration: tokenGeneration, now: now)
        }
    }

    /// What a status log says for the row's step.
    private mutating func judge(_ row: ClaimedRow, _ log: [StatusLogEntry]) -> RowResolution {
        switch row.step {
        case .confirm:
            guard case .applied(let createdId) = ReadBackRule.confirm(log, update: row.update, sentAfter: row.firstClaimedAt)
            else { return settle(row) }
            counters.succeeded += 1
            counters.confirmed += 1
            return .succeeded(createdId: createdId, warnings: nil, confirmation: .readBack)
        case .verify:
            return .verified(ReadBackRule.verify(log, update: row.update))
        case .previous, .send:
            return .stepDone(next: .send)
        }
    }

    /// An uncertain update found not applied: sent again while attempts are left, else given up.
    private mutating func settle(_ row: ClaimedRow) -> RowResolution {
        guard settings.retryPolicy.mayRetry(afterAttempts: row.attempts) else {
            counters.gaveUp += 1
            return .gaveUp(code: row.lastCode, message: (row.lastMessage ?? "no answer") + "; read back: not applied")
        }
        return .stepDone(next: .send, settled: true)
    }

    /// The row's step without its read: the update goes (an uncertain one stays flagged), a verification is unchecked.
    private func withoutRead(_ row: ClaimedRow) -> RowResolution {
        row.step == .verify ? .verified(.unchecked) : .stepDone(next: .send)
    }

    /// A read that failed like a send: throttled, transient (the reads' own attempts), refused credentials, TLS.
    private mutating func readFailed(_ row: ClaimedRow, _ classification: Classification, tokenGeneration: Int,
                                     now: Double) -> (RowResolution, RetryBudget) {
        switch classification {
        case .throttled(let status, let code, let message, let retryAfter):
            if status == 429 {
                if settings.adaptive { adaptive.throttled(now: now) }
                pauses.tooManyRequests(retryAfter: retryAfter, now: now, unitRandom: random.nextUnit())
            } else {
                pauses.retryAfter(retryAfter, now: now)
            }
            guard row.throttles + 1 < settings.maxThrottles else { return (readGaveUp(row, code, message), .throttle) }
            let delay = settings.retryPolicy.delay(afterAttempts: row.throttles + 1, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return (.retry(at: now + delay, code: code, message: message, step: row.step), .throttle)
        case .transient(_, let code, let message, let retryAfter):
            adaptive.answered(now: now)
            pauses.retryAfter(retryAfter, now: now)
            if outage.transientFailure(now: now) { return (.retry(at: now, code: code, message: message, step: row.step), .free) }
            guard settings.retryPolicy.mayRetry(afterAttempts: row.readFailures + 1) else {
                return (readGaveUp(row, code, message), .attempts)
            }
            let delay = settings.retryPolicy.delay(afterAttempts: row.readFailures + 1, retryAfter: retryAfter,
                                                   unitRandom: random.nextUnit())
            return (.retry(at: now + delay, code: code, message: message, step: row.step), .attempts)
        case .unauthorized(let message):
            if tokens.refused(generation: tokenGeneration) == .retry {
                return (.retry(at: now, code: "401", message: "OAuth token refused; a new one is generated", step: row.step), .free)
            }
            // The update itself may still be allowed: only the reads are given up.
            readsUnavailable = readsUnavailable ?? message
            return (withoutRead(row), .free)
        case .fatal(let message):
            stop(.fatal(message), now: now)
            return (.released(step: row.step), .free)
        case .success, .permanent:
            return (withoutRead(row), .free)
        }
    }

    /// A read that kept failing: a verification stays unchecked; otherwise the row gives up without its update
    /// (an uncertain one may have been applied, and the message says so).
    private mutating func readGaveUp(_ row: ClaimedRow, _ code: String?, _ message: String) -> RowResolution {
        if row.step == .verify { return .verified(.unchecked) }
        counters.gaveUp += 1
        let what = row.step == .confirm ? "the update may have been applied; reading it back failed: "
                                        : "reading the previous label failed: "
        return .gaveUp(code: code, message: what + message)
    }
}
