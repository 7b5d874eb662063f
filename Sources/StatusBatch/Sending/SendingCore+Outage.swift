/// While the API looks down: a health read (the lookup of a customer) tells an outage from rows failing for
/// reasons of their own; while it fails too, single row probes on the outage's schedule, each followed by
/// another health read, until one of them is answered or `--max-outage` runs out.
extension SendingCore {
    /// The flight id of a health read (rows have positive ids).
    static let healthReadRowId = -1

    /// True while a health read is due or in flight: no row needs to wait claimed for it.
    var healthReadPending: Bool { outage.healthReadDue || inFlight[Self.healthReadRowId] != nil }

    /// The next request of an outage: the health read when it is due, else a row probe when its time came.
    mutating func probe(now: Double) -> SendingAction {
        let giveUpAt = (outage.since ?? now) + settings.maxOutage
        // The probe's answer (bounded by the request timeout) comes before any decision to give up.
        guard inFlight.isEmpty else { return .wait(until: nil) }
        // Reads refused for the job cannot tell anything: rows probe alone.
        if outage.healthReadDue && readsUnavailable != nil { outage.healthReadSent(now: now) }
        if outage.healthReadDue {
            // Without a customer to look up yet, one row is claimed for its customer (and given back at once).
            guard let reference = healthReference else { return claimOrWait(now: now, limit: 1, also: giveUpAt) }
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

    /// Any answer of the API to the health read (the customer, or an error about it) shows the API is up: the
    /// failures were the rows', which spend their attempts from now on. A failed read leaves the outage as it is
    /// (a row probes next); a refused one counts towards giving up the reads for the job.
    mutating func healthReadAnswered(_ reply: ReadReply, tokenGeneration: Int, now: Double) {
        switch reply.result {
        case .customer, .statusLog, .customerNotFound, .rowRefused:
            tokens.accepted()
            readRefusals = 0
            // Once the job is ending, the outage span is closed as an outage by the drain.
            if halt == nil, let record = outage.dismiss(now: now) { pauses.add(record) }
        case .unavailable(let message):
            readRefusals += 1
            if readRefusals >= Self.refusalsBeforeReadsOff { readsUnavailable = readsUnavailable ?? message }
        case .failed(.unauthorized):
            // An OAuth token refused: the next request gets a new one (a refused Basic login stops at the row probe).
            _ = tokens.refused(generation: tokenGeneration)
        case .failed:
            break
        }
    }
}
