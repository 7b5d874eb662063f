import Testing
@testable import StatusBatch

/// SendingCore's read-back: an uncertain update is read back (lookup, then status log) before anything is sent
/// again; `--verify all` and `--record-previous` reads; reads that fail, are refused or are unavailable.
@Suite("SendingCore: read-back")
struct SendingCoreReadBackTests {
    typealias S = SendingCoreScript

    /// A claimed row whose next request is `step`, first claimed at 100 s.
    static func row(_ id: Int, _ step: RowStep, customerId: String? = nil, attempts: Int = 1,
                    uncertainOpen: Bool = true) -> ClaimedRow {
        var row = S.row(id, attempts: attempts)
        row.step = step
        row.customerId = customerId
        row.firstClaimedAt = 100
        row.uncertainOpen = uncertainOpen && step == .confirm
        row.lastMessage = "timeout: read timed out"
        return row
    }

    static func log(_ entries: [StatusLogEntry]) -> SendingEvent {
        .readAnswered(rowId: 1, reply: ReadReply(result: .statusLog(entries), httpStatus: 200))
    }

    /// The row's own update, as the API's status log shows it once applied at `time`.
    static func ours(at time: Double) -> StatusLogEntry {
        StatusLogEntry(label: "VIP", reason: "Quarterly review", createdOn: time, createdId: "566", isActive: true)
    }

    static let timeout = S.reply(.transient(cause: .timeout, code: nil, message: "timeout: read timed out", retryAfter: nil))

    static func resolution(_ outcomes: [RowOutcome]) -> RowResolution? { outcomes.first?.resolution }

    @Test("a timed-out update becomes uncertain, read back no sooner than the API may still be applying it (15 s)")
    func timeoutIsUncertain() throws {
        var script = try S()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0, .claim(limit: 2)),
            step(0, [.claimed([], nextDue: nil)], .wait(until: nil)),
            step(1, [.answered(rowId: 1, reply: Self.timeout)], .commitWhere("row 1 uncertain after 1 s, one attempt") { outcomes, _ in
                guard case .uncertain(let at, nil, "timeout: read timed out")? = Self.resolution(outcomes) else { return false }
                return at == 1 + 15 && outcomes[0].counts == RequestCounts(requests: 1, attempts: 1)
            }),
        ]) == nil)
    }

    @Test("found applied: lookup, then status log, then succeeded by read-back without a resend")
    func confirmedByReadBack() throws {
        var script = try S()
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm)], nextDue: nil)], .start(rowId: 1, scheduledAt: 200, call: .lookup)),
            step(200, .claim(limit: 2)),
            step(200, [.claimed([], nextDue: nil)], .wait(until: nil)),
            step(200.05, [.readAnswered(rowId: 1, reply: ReadReply(result: .customer(id: "7"), httpStatus: 200))],
                 .commitWhere("the lookup's id is kept and one read counted") { outcomes, _ in
                     Self.resolution(outcomes) == .stepDone(next: .confirm) && outcomes[0].customerId == "7"
                         && outcomes[0].counts == RequestCounts(reads: 1) && outcomes[0].attempt?.call == .lookup
                 }),
            step(200.05, .wait(until: 200.1)),
            step(200.1, .start(rowId: 1, scheduledAt: 200.1, call: .statusLog)),
            step(200.15, [Self.log([Self.ours(at: 150), StatusLogEntry(label: "Gold", reason: "x", createdOn: 50,
                                                                     createdId: "1", isActive: false)])],
                 .commit(resolutions: [1: .succeeded(createdId: "566", warnings: nil, confirmation: .readBack)])),
            step(200.15, .finish(.finished)),
        ]) == nil)
        #expect(script.core.progress.confirmed == 1 && script.core.progress.reads == 2 && script.core.progress.requests == 0)
    }

    @Test("found not applied: the update is sent as a first, confirmed send (confirmation answer, not resent)")
    func notAppliedIsSent() throws {
        var script = try S()
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200, .claim(limit: 2)),
            step(200, [.claimed([], nextDue: nil)], .wait(until: nil)),
            step(200.05, [Self.log([])], .commit(resolutions: [1: .stepDone(next: .send, settled: true)])),
            step(200.05, .wait(until: 200.1)),
            step(200.1, .start(rowId: 1, scheduledAt: 200.1, call: .update)),
            step(200.15, [.answered(rowId: 1, reply: S.ok)],
                 .commit(resolutions: [1: .succeeded(createdId: "1", warnings: nil, confirmation: .answer)])),
        ]) == nil)
    }

    @Test("an entry of ours made before the first send (less the clock skew) is an older change: not applied")
    func olderEntryIsNotOurs() throws {
        var script = try S()
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [Self.log([Self.ours(at: 100 - ReadBackRule.clockSkew - 1)])],
                 .commit(resolutions: [1: .stepDone(next: .send, settled: true)])),
        ]) == nil)
    }

    @Test("not applied and no attempts left: gave up with the last answer, nothing sent")
    func notAppliedWithoutAttempts() throws {
        var script = try S(maxAttempts: 3)
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7", attempts: 3)], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [Self.log([])], .commit(resolutions: [
                1: .gaveUp(code: nil, message: "timeout: read timed out; read back: not applied")])),
        ]) == nil)
        #expect(script.core.progress.gaveUp == 1)
    }

    @Test("an unknown customer (8015 on the lookup) cannot have been updated: the update is sent")
    func unknownCustomerSettles() throws {
        var script = try S()
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm)], nextDue: nil)], .start(rowId: 1, scheduledAt: 200, call: .lookup)),
            step(200.05, [.readAnswered(rowId: 1, reply: ReadReply(result: .customerNotFound(message: "not found"),
                                                                     httpStatus: 400))],
                 .commit(resolutions: [1: .stepDone(next: .send, settled: true)])),
        ]) == nil)
    }

    @Test("a read failing transiently is retried later from the reads' own budget; the row stays uncertain")
    func transientReadRetries() throws {
        var script = try S()
        let failure = ReadReply(result: .failed(.transient(cause: .server, code: nil, message: "HTTP 503", retryAfter: nil)),
                                httpStatus: 503)
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [.readAnswered(rowId: 1, reply: failure)], .commitWhere("a retry of the confirm read") { outcomes, _ in
                guard case .retry(let at, nil, "HTTP 503", .confirm)? = Self.resolution(outcomes) else { return false }
                return at > 200.05 && outcomes[0].counts == RequestCounts(reads: 1, readFailures: 1)
            }),
        ]) == nil)
    }

    @Test("one refused read (403) is retried from the reads' budget; the reads stay on")
    func oneRefusalRetries() throws {
        var script = try S()
        let refused = ReadReply(result: .unavailable(message: "HTTP 403 on the status_log call: forbidden"), httpStatus: 403)
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [.readAnswered(rowId: 1, reply: refused)], .commitWhere("a retry of the read") { outcomes, _ in
                guard case .retry(_, nil, _, .confirm)? = Self.resolution(outcomes) else { return false }
                return outcomes[0].counts == RequestCounts(reads: 1, readFailures: 1)
            }),
        ]) == nil)
        #expect(script.core.progress.readsUnavailable == nil)
    }

    @Test("reads refused three times in a row (403): said once; this row and every later one go without reads, flagged resent")
    func readsUnavailable() throws {
        var script = try S()
        #expect(script.core.readsBack)
        script.core.readRefusals = SendingCore.refusalsBeforeReadsOff - 1
        let refused = ReadReply(result: .unavailable(message: "HTTP 403 on the status_log call: forbidden"), httpStatus: 403)
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7"), Self.row(2, .confirm, customerId: "8")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [.readAnswered(rowId: 1, reply: refused)], .commit(resolutions: [1: .stepDone(next: .send)])),
            step(200.05, .wait(until: 200.1)),
            step(200.1, .start(rowId: 1, scheduledAt: 200.1, call: .update)),
            step(200.1, .commitWhere("row 2 skips its read") { outcomes, _ in
                outcomes.map(\.resolution) == [.stepDone(next: .send)] && outcomes[0].rowId == 2 && outcomes[0].attempt == nil
            }),
            step(200.1, .wait(until: 200.2)),
            step(200.2, .start(rowId: 2, scheduledAt: 200.2, call: .update)),
            step(200.25, [.answered(rowId: 1, reply: S.ok)],
                 .commit(resolutions: [1: .succeeded(createdId: "1", warnings: nil, confirmation: .resent)])),
        ]) == nil)
        #expect(script.core.progress.readsUnavailable == "HTTP 403 on the status_log call: forbidden")
        // A lost answer would now be sent again unread: answers are synced as with --verify off.
        #expect(!script.core.readsBack)
        #expect(try !S { $0.verify = .off }.core.readsBack)
    }

    @Test("--verify all: a success waits for its read; the read finds the label changed since: mismatched")
    func verifyAll() throws {
        var script = try S { $0.verify = .all }
        let changed = StatusLogEntry(label: "Gold", reason: "someone else", createdOn: 300, createdId: "9", isActive: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.05, [.answered(rowId: 1, reply: S.ok)],
                 .commit(resolutions: [1: .succeeded(createdId: "1", warnings: nil, confirmation: .answer, verifyNext: true)])),
            step(0.05, .claim(limit: 2)),
            step(0.05, [.claimed([Self.row(1, .verify, customerId: "7")], nextDue: nil)],
                 .wait(until: 0.1)),
            step(0.1, .start(rowId: 1, scheduledAt: 0.1, call: .statusLog)),
            step(0.15, [Self.log([changed])], .commit(resolutions: [1: .verified(.mismatched)])),
        ]) == nil)
    }

    @Test("--record-previous: the active label is read and committed before the update leaves")
    func recordPrevious() throws {
        var script = try S { $0.recordPrevious = true }
        let before = StatusLogEntry(label: "Gold", reason: "signup", createdOn: 10, createdId: "1", isActive: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.row(1, .previous, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 0, call: .statusLog)),
            step(0.05, [Self.log([before])], .commitWhere("the previous label Gold, then the update") { outcomes, _ in
                Self.resolution(outcomes) == .stepDone(next: .send) && outcomes[0].previous == PreviousLabel(label: "Gold")
            }),
            step(0.05, .wait(until: 0.1)),
            step(0.1, .start(rowId: 1, scheduledAt: 0.1, call: .update)),
        ]) == nil)
    }

    @Test("--record-previous: a read that answers when the update is due: its step is committed before the update leaves")
    func recordPreviousDueAtOnce() throws {
        var script = try S { $0.recordPrevious = true }
        let before = StatusLogEntry(label: "Gold", reason: "signup", createdOn: 10, createdId: "1", isActive: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([Self.row(1, .previous, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 0, call: .statusLog)),
            // The update may go at once, but not before the store knows the read was made (else a crash now would
            // make the next run read our own label as the previous one and send the update again).
            step(0.15, [Self.log([before])], .commitWhere("the previous label Gold, before the update") { outcomes, _ in
                Self.resolution(outcomes) == .stepDone(next: .send)
            }),
            step(0.15, .start(rowId: 1, scheduledAt: 0.15, call: .update)),
        ]) == nil)
    }

    @Test("an entry of ours whose time cannot be read leaves the row unknown for review: neither confirmed nor resent")
    func undecidedIsUnknown() throws {
        var script = try S()
        let timeless = StatusLogEntry(label: "VIP", reason: "Quarterly review", createdOn: nil, createdId: "5", isActive: true)
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [Self.log([timeless])], .commitWhere("row 1 left unknown") { outcomes, _ in
                guard case .leftUnknown(nil, let message)? = Self.resolution(outcomes) else { return false }
                return message.contains("time cannot be read")
            }),
        ]) == nil)
        #expect(script.core.progress.unknown == 1)
    }

    @Test("a 521 right after a read found nothing: the first update may still be landing, so it is read back again")
    func busyAfterSettleIsUncertain() throws {
        var script = try S()
        let busy = S.reply(.throttled(status: 521, code: "521", message: "HTTP 521: busy", retryAfter: nil), status: 521)
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.05, [Self.log([])], .commit(resolutions: [1: .stepDone(next: .send, settled: true)])),
            step(200.05, .wait(until: 200.1)),
            step(200.1, .start(rowId: 1, scheduledAt: 200.1, call: .update)),
            step(200.15, [.answered(rowId: 1, reply: busy)],
                 .commit(resolutions: [1: .uncertain(at: 215.15, code: "521", message: "HTTP 521: busy")])),
        ]) == nil)
    }

    @Test("--verify off: an uncertain update with no attempts left is left unknown, not given up")
    func uncertainWithoutReadsOrAttempts() throws {
        var script = try S(maxAttempts: 1) { $0.verify = .off }
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(1, [.answered(rowId: 1, reply: Self.timeout)], .commitWhere("row 1 left unknown") { outcomes, _ in
                guard case .leftUnknown(nil, let message)? = Self.resolution(outcomes) else { return false }
                return message.hasPrefix("may have been applied")
            }),
        ]) == nil)
    }

    @Test("a stop gives a claimed read back to the state it waits in (uncertain stays uncertain)")
    func releaseKeepsTheStep() throws {
        var script = try S()
        #expect(script.run([
            step(200, .claim(limit: 2)),
            step(200, [.claimed([Self.row(1, .confirm, customerId: "7"), Self.row(2, .confirm, customerId: "8")], nextDue: nil)],
                 .start(rowId: 1, scheduledAt: 200, call: .statusLog)),
            step(200.01, [.stopRequested], .commit(resolutions: [2: .released(step: .confirm)])),
        ]) == nil)
        #expect(RowStep.confirm.releasedState == .uncertain && RowStep.verify.releasedState == .verifying)
        // An update still uncertain (no read settled it) goes back to be read again, not to a blind resend.
        var blind = S.row(3)
        blind.uncertainOpen = true
        var again = try S()
        #expect(again.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1), blind], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0.01, [.stopRequested], .commit(resolutions: [3: .released(step: .confirm)])),
        ]) == nil)
        #expect(RowStep.send.releasedState == .pending && RowStep.previous.releasedState == .pending)
    }
}
