/// While the API looks down: first a health read (the lookup of a customer the API answered for) tells an
/// outage from rows failing for reasons of their own; then single probes with rows, spaced by the outage's
/// schedule, until one is answered or `--max-outage` runs out.
extension SendingCore {
    /// The flight id of a health read (rows have positive ids).
    static let healthReadRowId = -1

    mutating func probe(now: Double) -> SendingAction {
        let giveUpAt = (outage.since ?? now) + settings.maxOutage
        // The probe's answer (bounded by the request timeout) comes before any decision to give up.
        guard inFlight.isEmpty else { return .wait(until: nil) }
        // Reads refused for the job cannot tell anything: rows probe at once.
        if outage.healthReadDue && readsUnavailable != nil { outage.healthReadSent(now: now) }
        if outage.healthReadDue {
            guard let reference = healthReference ?? claimed.first?.update else {
                return claimOrWait(now: now, limit: 1, also: giveUpAt)
            }
            if tokens.needsToken(now: now) { return now >= tokens.retryAt ? .requestToken : .wait(until: tokens.retryAt) }
            outage.healthReadSent(now: now)
            return startHealthRead(of: reference, now: now)
        }
        // Rows are claimed only when a probe may leave: a claimed row waiting 30 s would become `unknown` in a crash.
        guard now >= outage.nextProbeAt else { return .wait(until: min(outage.nextProbeAt, giveUpAt)) }
        guard !claimed.isEmpty else { return claimOrWait(now: now, limit: 1, also: giveUpAt) }
        if skipReadIfUnavailable(now: now) || holdBackIfSystematic(now: now) { return takeCommit() }
        if tokens.needsToken(now: now) { return now >= tokens.retryAt ? .requestToken : .wait(until: tokens.retryAt) }
        outage.probeSent(now: now)
        return start(scheduledAt: now, isProbe: true, now: now)
    }

    /// A lookup of `reference`'s customer, belonging to no row: it changes nothing and is not a row's request.
    private mutating func startHealthRead(of reference: CustomerUpdate, now: Double) -> SendingAction {
        let row = ClaimedRow(id: Self.healthReadRowId, line: 0, update: reference, step: .confirm)
        inFlight[row.id] = Flight(row: row, scheduledAt: now, startedAt: now, tokenGeneration: tokens.generation,
                                  call: .lookup)
        counters.healthReads += 1
        return .start(RequestStart(row: row, scheduledAt: now, token: tokens.token, isProbe: true, call: .lookup))
    }

    /// Any answer of the API to the health read (the customer, or an error about it) shows the API is up: the
    /// failures were the rows', which spend their attempts from now on. A failed or refused read leaves the
    /// outage as it is (rows probe next).
    mutating func healthReadAnswered(_ reply: ReadReply, tokenGeneration: Int, now: Double) {
        switch reply.result {
        case .customer, .statusLog, .customerNotFound, .rowRefused:
            tokens.accepted()
            counters.outagesDismissed += 1
            if let record = outage.dismiss(now: now) { pauses.add(record) }
        case .failed(.unauthorized):
            // An OAuth token refused: the next probe gets a new one (a refused Basic login stops at that probe).
            _ = tokens.refused(generation: tokenGeneration)
        case .unavailable, .failed:
            break
        }
    }
}
