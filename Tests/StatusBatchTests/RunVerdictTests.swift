import Testing
@testable import StatusBatch

/// The one line that ends every run: why it ended and what the operator does next.
@Suite("RunVerdict")
struct RunVerdictTests {
    static func result(_ status: StatusBatch.ExitStatus, _ counts: [RowState: Int], reason: String? = nil, failedRows: Int = 0,
                       end: SendingEnd = .finished) -> RunResult {
        var result = RunResult(exitStatus: status, summary: JobSummary.stored(input: "in.csv", jobDirectory: "/jobs/in.csv.statusbatch",
                                                                 counts: counts),
                  jobDirectory: "/jobs/in.csv.statusbatch", stopReason: reason, recoveredInFlight: 0,
                  unknownPolicy: .resend, failedRows: failedRows)
        result.end = end
        return result
    }

    static let retry = "statusbatch run /jobs/in.csv.statusbatch/failed.csv --simulate"
    static let resume = "statusbatch run /jobs/in.csv --simulate --reason 'it'\\''s $5'"

    @Test("every row done: nothing left to do")
    func success() {
        #expect(RunVerdict.line(Self.result(.success, [.succeeded: 9, .superseded: 1]), retryCommand: Self.retry, resumeCommand: Self.resume)
            == "ended: all 10 rows are done; nothing left to do")
    }

    @Test("rows to review: how many of each kind, where, and the command that sends only them")
    func rowsFailed() {
        let result = Self.result(.rowsFailed, [.succeeded: 228, .failed: 20, .gaveUp: 2, .rejected: 41, .superseded: 9],
                                 failedRows: 22)
        #expect(RunVerdict.line(result, retryCommand: Self.retry, resumeCommand: Self.resume)
            == "ended: every row was sent or rejected; to review: 22 row(s) in failed.csv (20 failed, 2 gave up), "
            + "41 rejected input line(s), never sent (results.csv); fix what their error columns say, then send failed.csv alone: "
            + Self.retry)
    }

    @Test("only rejected lines: nothing to send again, the lines are fixed and run as a new file")
    func onlyRejected() {
        #expect(RunVerdict.line(Self.result(.rowsFailed, [.succeeded: 8, .rejected: 2]), retryCommand: Self.retry, resumeCommand: Self.resume)
            == "ended: every row was sent or rejected; to review: 2 rejected input line(s), never sent (results.csv); "
            + "fix those lines and run them as a new file")
    }

    @Test("unknown rows are checked by hand before anything is sent again")
    func unknownRows() {
        let line = RunVerdict.line(Self.result(.rowsFailed, [.succeeded: 5, .unknown: 2], failedRows: 2), retryCommand: Self.retry, resumeCommand: Self.resume)
        #expect(line.contains("2 row(s) in failed.csv (2 unknown)") && line.contains("check the unknown ones by hand first (they may have been applied)"))
    }

    @Test("a systematic mistake: the reason (naming the fix) and the rows held back")
    func systematic() {
        let reason = "label 'Diamond' is not a label of this org (8086, 20 of 20 rows): fix the label column or --label, then run with --restart"
        let line = RunVerdict.line(Self.result(.usageError, [.succeeded: 900, .failed: 20, .pending: 80], reason: reason),
                                   retryCommand: Self.retry, resumeCommand: Self.resume)
        #expect(line == "stopped: " + reason + "; 80 row(s) held back and not sent; this run's command, to run again once that is fixed: " + Self.resume)
    }

    @Test("stopped early: the reason and how to resume, with the rows left (uncertain ones included)")
    func stoppedEarly() {
        let line = RunVerdict.line(Self.result(.stoppedEarly, [.succeeded: 40, .pending: 250, .uncertain: 10],
                                               reason: "stopped on request", end: .stopped), retryCommand: Self.retry, resumeCommand: Self.resume)
        #expect(line == "ended early: stopped on request (260 row(s) left); run the same command again to resume: " + Self.resume)
    }

    @Test("refused credentials: fix them first; an outage: resume once the API answers")
    func stoppedByARefusalOrAnOutage() {
        let refused = RunVerdict.line(Self.result(.stoppedEarly, [.pending: 5], reason: "HTTP 401: no further rows were sent",
                                                  end: .fatal("HTTP 401")), retryCommand: Self.retry, resumeCommand: Self.resume)
        #expect(refused == "ended early: HTTP 401: no further rows were sent (5 row(s) left); fix that, then run the same command again to resume: " + Self.resume)
        let outage = RunVerdict.line(Self.result(.stoppedEarly, [.pending: 5], reason: "the API failed every request for 900 s",
                                                 end: .outage("down")), retryCommand: Self.retry, resumeCommand: Self.resume)
        #expect(outage.hasSuffix("(5 row(s) left); run the same command again once the API answers, to resume: " + Self.resume))
    }
}
