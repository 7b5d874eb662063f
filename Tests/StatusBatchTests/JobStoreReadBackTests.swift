import Testing
@testable import StatusBatch

/// JobStore's part of the read-back: what a claim's request is (`step`), what recovery does with each step
/// left in flight, and how read outcomes are recorded (customer id, previous label, settled, verified).
@Suite("JobStore: read-back")
struct JobStoreReadBackTests {
    typealias T = JobStoreTests

    static func outcome(_ id: Int, _ resolution: RowResolution, at time: Double = 20,
                        counts: RequestCounts = RequestCounts(requests: 1, attempts: 1)) -> RowOutcome {
        RowOutcome(rowId: id, resolution: resolution, counts: counts, finishedAt: time)
    }

    @Test("a claim says each row's step: uncertain → confirm (send with --verify off), verifying → verify, previous first when asked")
    func claimSteps() throws {
        try T.withStore { store, _ in
            try T.insertFive(store)
            _ = try store.claim(limit: 3, now: 10)
            try store.record([
                Self.outcome(1, .uncertain(at: 11, code: nil, message: "timeout: read timed out")),
                Self.outcome(2, .succeeded(createdId: "5", warnings: nil, verifyNext: true)),
                Self.outcome(3, .retry(at: 11, code: nil, message: "HTTP 503")),
            ])
            // In due order: the pending rows (due at 0), the retry and the uncertain row (11), the verification (20).
            let due = try store.claim(limit: 5, now: 30, recordPrevious: true)
            #expect(due.map(\.id) == [4, 5, 1, 3, 2])
            let claimed = due.sorted { $0.id < $1.id }
            #expect(claimed.map(\.step) == [.confirm, .verify, .previous, .previous, .previous])
            #expect(claimed[0].uncertainOpen && claimed[0].firstClaimedAt == 10 && claimed[0].attempts == 1)
            #expect(claimed[0].lastMessage == "timeout: read timed out")
            #expect(claimed[3].firstClaimedAt == 30)
            try store.record(claimed.map { Self.outcome($0.id, .released(step: $0.step), counts: .none) })
            #expect(try T.rows(store).map(\.state) == [.uncertain, .verifying, .pending, .pending, .pending])
            let blind = try store.claim(limit: 5, now: 30, confirmUncertain: false).first { $0.id == 1 }
            #expect(blind?.step == .send && blind?.uncertainOpen == true)
        }
    }

    @Test("recovery: an update in flight becomes uncertain (read back) or pending (--verify off) or unknown (skip); reads in flight wait again")
    func recoveryBySteps() throws {
        for (resend, readBack, expected) in [(true, true, RowState.uncertain), (true, false, .pending), (false, true, .unknown)] {
            try T.withStore { store, _ in
                try T.insertFive(store)
                _ = try store.claim(limit: 3, now: 10)
                try store.record([Self.outcome(2, .uncertain(at: 11, code: nil, message: "timeout")),
                                  Self.outcome(3, .succeeded(createdId: "5", warnings: nil, verifyNext: true))])
                // Row 1 stays in flight (send); 2 confirm, 3 verify, 4 and 5 previous.
                _ = try store.claim(limit: 4, now: 30, recordPrevious: true)
                #expect(try store.recoverInFlight(resend: resend, readBack: readBack, readAt: 100) == 1)
                let rows = try T.rows(store)
                // An update in flight is read no sooner than `readAt`: the API may still be applying it.
                #expect(rows[0].nextAttemptAt == (expected == .uncertain ? 100 : 0))
                #expect(rows.map(\.state) == [expected, .uncertain, .verifying, .waiting, .waiting])
                #expect(rows.map(\.unknownCount) == [1, 0, 0, 0, 0])
                #expect(rows.map(\.uncertainCount) == [1, 1, 0, 0, 0])
                #expect(rows.map(\.reads) == [0, 1, 1, 1, 1])
                #expect(rows.map(\.requests) == [1, 1, 1, 0, 0])
            }
        }
    }

    @Test("read outcomes: a lookup's id and the previous label are kept; a settled read clears the flag; verified keeps the update's status")
    func readOutcomes() throws {
        try T.withStore { store, _ in
            try T.insertFive(store)
            _ = try store.claim(limit: 2, now: 10, recordPrevious: true)
            var lookup = Self.outcome(1, .stepDone(next: .previous), counts: RequestCounts(reads: 1))
            lookup.customerId = "700000001"
            var previous = Self.outcome(1, .stepDone(next: .send), counts: RequestCounts(reads: 1))
            previous.previous = PreviousLabel(label: "Gold")
            var none = Self.outcome(2, .stepDone(next: .send), counts: RequestCounts(reads: 1))
            none.previous = PreviousLabel(label: nil)
            var answer = Self.outcome(1, .succeeded(createdId: "9", warnings: nil, verifyNext: true))
            answer.httpStatus = 200
            try store.record([lookup, previous, none, answer])
            #expect(try store.claim(limit: 5, now: 30).map(\.id).contains(1))
            try store.record([Self.outcome(1, .verified(.verified), counts: RequestCounts(reads: 1))])
            let rows = try T.rows(store)
            #expect(rows[0].state == .succeeded && rows[0].verification == .verified && rows[0].httpStatus == 200)
            #expect(rows[0].customerId == "700000001" && rows[0].previous == PreviousLabel(label: "Gold"))
            #expect(rows[0].confirmation == .answer && rows[0].reads == 3 && rows[0].createdId == "9")
            #expect(rows[1].state == .inFlight && rows[1].previous == PreviousLabel(label: nil))
            #expect(try store.previousRecordedCount() == 1)
        }
    }

    @Test("an uncertain update settled by a read (not applied) then answered is a first send; unsettled, it is a resend")
    func settledOrResent() throws {
        try T.withStore { store, _ in
            try T.insertFive(store)
            _ = try store.claim(limit: 2, now: 10)
            try store.record([Self.outcome(1, .uncertain(at: 11, code: nil, message: "timeout")),
                              Self.outcome(2, .uncertain(at: 11, code: nil, message: "timeout"))])
            _ = try store.claim(limit: 2, now: 20)
            try store.record([Self.outcome(1, .stepDone(next: .send, settled: true), counts: RequestCounts(reads: 1))])
            _ = try store.recoverInFlight(resend: true, readBack: true)
            let claimed = try store.claim(limit: 2, now: 30)
            // Row 1 was settled, then its update was in flight at the "crash": uncertain again, flag set again.
            #expect(claimed.map(\.uncertainOpen) == [true, true])
            #expect(claimed.map(\.step) == [.confirm, .confirm])
        }
    }

    @Test("a row whose update is still uncertain is read back at its next claim, whatever state a later answer left it in")
    func uncertainOpenIsReadBack() throws {
        try T.withStore { store, _ in
            try T.insertFive(store)
            _ = try store.claim(limit: 1, now: 10)
            _ = try store.recoverInFlight(resend: true, readBack: false)  // --verify off: pending, flagged
            _ = try store.claim(limit: 1, now: 20, confirmUncertain: false)
            // The blind resend is refused for the whole job (a 401): back to pending, still uncertain.
            try store.record([Self.outcome(1, .released(step: .send), counts: RequestCounts(requests: 1))])
            let next = try store.claim(limit: 1, now: 30)
            #expect(next.map(\.id) == [1] && next.map(\.step) == [.confirm])
        }
    }
}
