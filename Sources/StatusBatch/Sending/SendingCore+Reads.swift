/// What a read-back answer means: a lookup found the customer's id, a status log confirms or refutes an
/// uncertain update, verifies a succeeded one, or gives the label before an update. Failures are handled
/// like a send's (throttling, outages, retries, tokens); reads refused for the whole job make every row go
/// without them (an uncertain row is then sent again, flagged).
extension SendingCore {
    /// Whether a lost answer is read back before its row is sent again (not with `--verify off`, nor once the
    /// reads were refused for the job): only then may answers be committed without their own sync.
    public var readsBack: Bool { settings.verify != .off && readsUnavailable == nil }

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
        case .customerNotFound(let message):
            classification = .permanent(code: CapillaryVocabulary.customerNotFoundCode, message: message)
        case .unavailable(let message): classification = .fatal(message: message)
        case .customer, .statusLog: classification = .success(createdId: nil, warnings: [])
        }
        // A read's attempt number counts the reads' own budget.
        let attempt = AttemptRecord(attempt: flight.row.readFailures + 1, scheduledAt: flight.scheduledAt, startedAt: flight.startedAt,
                                    durationMs: (now - flight.startedAt) * 1000, httpStatus: reply.httpStatus,
                                    code: nil, outcome: Self.outcome(classification), retryAfter: nil, call: flight.call)
        // The row keeps its update's HTTP status, latency and request id; the read's are in the attempt history.
        var outcome = RowOutcome(rowId: row.id, resolution: resolution, counts: budget.counts(flight.call),
                                 finishedAt: now, attempt: attempt)
        outcome.customerId = row.customerId
        if case .stepDone(let next, let settled) = resolution {
            // A read that found the update not applied makes the resend a first, confirmed send.
            if settled {
                row.uncertainOpen = false
                row.settledByRead = true
            }
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
        if case .leftUnknown = next { counters.unknown += 1 }
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
            readAnswered(now: now)
            row.customerId = id
            return (.stepDone(next: row.step), .free)
        case .statusLog(let log):
            readAnswered(now: now)
            return (judge(row, log), .free)
        case .customerNotFound:
            readAnswered(now: now)
            // An unknown customer cannot have been updated: the update is sent (and fails as the API decides).
            if row.step == .confirm { return (settle(row), .free) }
            return (withoutRead(row), .free)
        case .rowRefused:
            readAnswered(now: now)
            return (withoutRead(row), .free)
        case .unavailable(let message):
            return refused(row, message, now: now)
        case .failed(let classification):
            return readFailed(row, classification, tokenGeneration: tokenGeneration, now: now)
        }
    }

    /// What a status log says for the row's step.
    private mutating func judge(_ row: ClaimedRow, _ log: [StatusLogEntry]) -> RowResolution {
        switch row.step {
        case .confirm:
            switch ReadBackRule.confirm(log, update: row.update, sentAfter: row.firstClaimedAt) {
            case .applied(let createdId):
                counters.succeeded += 1
                counters.confirmed += 1
                return .succeeded(createdId: createdId, warnings: nil, confirmation: .readBack)
            case .notApplied:
                return settle(row)
            case .undecided:
                counters.unknown += 1
                return .leftUnknown(code: row.lastCode, message:
                    "may have been applied: the status log has an entry with this label and reason whose time cannot be read")
            }
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

    /// The row's step without its read: the update goes (an uncertain one stays flagged, and only while attempts
    /// are left: otherwise it is left unknown), a verification is unchecked.
    private func withoutRead(_ row: ClaimedRow) -> RowResolution {
        switch row.step {
        case .verify:
            return .verified(.unchecked)
        case .confirm where !settings.retryPolicy.mayRetry(afterAttempts: row.attempts):
            return .leftUnknown(code: row.lastCode,
                                message: "may have been applied (\(row.lastMessage ?? "no answer")); it could not be read back and no attempts are left")
        case .confirm, .previous, .send:
            return .stepDone(next: .send)
        }
    }

    /// A read answered: the API is up, the credentials work for reads, refusals so far were not for the job.
    private mutating func readAnswered(now: Double) {
        tokens.accepted()
        apiIsUp(now: now)
        readRefusals = 0
    }

    /// A read refused as if the job may not read (403, 404, 405, 401): retried from the reads' budget until
    /// `refusalsBeforeReadsOff` refusals in a row say the reads are not available to this job.
    private mutating func refused(_ row: ClaimedRow, _ message: String, now: Double) -> (RowResolution, RetryBudget) {
        readRefusals += 1
        if readRefusals >= Self.refusalsBeforeReadsOff || readsUnavailable != nil {
            readsUnavailable = readsUnavailable ?? message
            let next = withoutRead(row)
            if case .leftUnknown = next { counters.unknown += 1 }
            return (next, .free)
        }
        guard settings.retryPolicy.mayRetry(afterAttempts: row.readFailures + 1) else {
            return (readGaveUp(row, nil, message), .attempts)
        }
        let delay = settings.retryPolicy.delay(afterAttempts: row.readFailures + 1, retryAfter: nil,
                                               unitRandom: random.nextUnit())
        return (.retry(at: now + delay, code: nil, message: message, step: row.step), .attempts)
    }

    /// A read that failed like a send: throttled, transient (the reads' own attempts), refused credentials, TLS.
    private mutating func readFailed(_ row: ClaimedRow, _ classification: Classification, tokenGeneration: Int,
                                     now: Double) -> (RowResolution, RetryBudget) {
        switch classification {
        case .throttled(let status, let code, let message, let retryAfter):
            poolThrottled(status: status, retryAfter: retryAfter, rowId: row.id, startedAt: nil, now: now)
            return throttleRetryIfBudgetLeft(row, code: code, message: message, retryAfter: retryAfter, now: now)
                ?? (readGaveUp(row, code, message), .throttle)
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
            // The update itself may still be allowed: only the reads may be refused.
            return refused(row, message, now: now)
        case .fatal(let message):
            stop(.fatal(message), now: now)
            return (.released(step: row.step), .free)
        case .success, .permanent:
            return (withoutRead(row), .free)
        }
    }

    /// A read that kept failing: a verification stays unchecked; an uncertain update is left unknown (it may
    /// have been applied); a row whose previous label could not be read gives up without its update.
    private mutating func readGaveUp(_ row: ClaimedRow, _ code: String?, _ message: String) -> RowResolution {
        switch row.step {
        case .verify:
            return .verified(.unchecked)
        case .confirm:
            counters.unknown += 1
            return .leftUnknown(code: code, message: "may have been applied; reading it back failed: " + message)
        case .previous, .send:
            counters.gaveUp += 1
            return .gaveUp(code: code, message: "reading the previous label failed: " + message)
        }
    }
}
