import Foundation
@testable import StatusBatch

/// The fixed job behind the golden reports: `ReportFixture`'s first seven rows and their outcomes, five more
/// rows, and two stopped runs recorded request by request (attempt history, pauses, runs), all at fixed times.
///
/// Options of both runs: `--rate 10/s --max-attempts 3 --request-timeout 5 --drain-timeout 2 --on-unknown resend`.
///
/// | id | line | identifier     | run 1 (22:13:20, Ctrl-C at +1 s)     | run 2 (22:14:20, Ctrl-C at +4 s)      | outcome    |
/// |----|------|----------------|--------------------------------------|---------------------------------------|------------|
/// | 1  | 2    | 919800000001   | –                                    | –                                     | superseded |
/// | 2  | 3-4  | 919800000002   | 400 8015                             | –                                     | failed     |
/// | 3  | 5    | 919800000003   | 503                                  | 503, 503 (third attempt: gives up)    | gave_up    |
/// | 4  | 6    | (empty)        | –                                    | –                                     | rejected   |
/// | 5  | 7    | 919800000001   | 200 with a warning                   | –                                     | succeeded  |
/// | 6  | 8    | 919800000004   | 503                                  | 503, then no answer when drain ends   | unknown    |
/// | 7  | 9    | 919800000005   | 429 Retry-After 2 (pauses the pool)  | timed out; its retry is due too late  | pending    |
/// | 8  | 10   | =2+5           | 400 8013                             | –                                     | failed     |
/// | 9  | 11   | 919800000006   | no answer when the drain ends        | sent again: 200                       | succeeded  |
/// | 10 | 12   | +919800000007  | claimed, released at the stop        | 503, then 200                         | succeeded  |
/// | 11 | 13   | 919800000008   | claimed, released at the stop        | 200                                   | succeeded  |
/// | 12 | 14   | 919800000009   | –                                    | 200                                   | succeeded  |
struct GoldenJob {
    static let input = ReportFixture.baseInput + """
        =2+5,VIP,upgrade
        919800000006,VIP,upgrade
        +919800000007,VIP,upgrade
        919800000008,VIP,upgrade
        919800000009,VIP,upgrade

        """

    /// Seconds since 1970 of `offset` seconds after `ReportFixture.t0` (2023-11-14T22:13:20.000Z).
    static func t(_ offset: Double) -> Double { ReportFixture.t0 + offset }

    let dir: TempDir
    let store: JobStore
    /// How the last run ended, as `statusbatch run` reports it.
    let context: ReportWriter.Context

    init() throws {
        dir = try TempDir()
        var sending = SendingSettings(rate: try SendRate(parsing: "10/s"), retryPolicy: RetryPolicy(maxAttempts: 3),
                                      drainTimeout: 2)
        sending.requestTimeout = 5
        let configuration = JobConfiguration(
            inputPath: try dir.write("input.csv", Self.input), workdir: dir.url.path,
            endpoint: try CapillaryEndpoint(baseURL: "http://127.0.0.1:8080"), targetName: "simulator",
            credentials: .basic(username: "till", password: "secret"), sending: sending, unknownPolicy: .resend)
        store = try JobStore(path: dir.path("job.sqlite"))
        _ = try JobIngest.prepare(store: store, configuration: configuration, stop: StopSignal())
        let sender = Sender(store: store, claimBatch: sending.claimBatch)
        try Self.firstRun(sender, configuration)
        try Self.secondRun(sender, configuration)
        let (status, reason) = JobRunner.exitStatus(end: .stopped, counts: try store.countsByState())
        context = ReportWriter.Context(jobDirectory: dir.url.path, exitStatus: status, stopReason: reason)
    }

    /// 22:13:20: six answers, then Ctrl-C while a 429's Retry-After pauses the pool; row 9 never answers.
    private static func firstRun(_ s: Sender, _ configuration: JobConfiguration) throws {
        let run = try s.startRun(at: 0, configuration)
        try s.claim([2, 3, 5], at: 0)
        try s.store.record([
            s.request(2, scheduled: 0.000, started: 0.001, ms: 180)
                .failed(400, code: "8015", "Customer not found for the given identifiers", requestId: "req-0001"),
            s.request(3, scheduled: 0.100, started: 0.102, ms: 240).unavailable(retryAt: 1.342),
            s.request(5, scheduled: 0.200, started: 0.203, ms: 200)
                .succeeded(createdId: "566881933", warnings: #"[{"code":"W1","message":"label unchanged"}]"#,
                           requestId: "req-0002"),
        ])
        try s.claim([6, 7, 8], at: 0.203)
        try s.store.record([
            s.request(6, scheduled: 0.300, started: 0.304, ms: 220).unavailable(retryAt: 1.524),
            s.request(7, scheduled: 0.400, started: 0.405, ms: 250).throttled(retryAfter: 2, retryAt: 2.655),
            s.request(8, scheduled: 0.500, started: 0.506, ms: 150)
                .failed(400, code: "8013", "Identifier missing or invalid", requestId: "req-0003"),
        ], pauses: [PauseRecord(cause: .retryAfter, startedAt: t(0.655), endedAt: t(2.655))])
        try s.claim([9, 10, 11], at: 0.506)
        // Row 9 left at 0.607; 10 and 11 waited for the pause to end and go back at the stop.
        try s.store.record([10, 11].map { RowOutcome(rowId: $0, resolution: .released(), finishedAt: t(1.000)) })
        try s.endRun(run, at: 3.000, requests: 6, finalRate: "5.0", rateDecreases: "1")
    }

    /// 22:14:20: row 9 is sent again; retries; Ctrl-C at +4 s; row 7's request times out during the drain.
    private static func secondRun(_ s: Sender, _ configuration: JobConfiguration) throws {
        let run = try s.startRun(at: 60, configuration)
        try s.claim([9, 10, 11], at: 60.000)
        try s.store.record([
            s.request(9, scheduled: 60.000, started: 60.001, ms: 190)
                .succeeded(createdId: "566881934", requestId: "req-0004", confirmation: .resent),
            s.request(10, scheduled: 60.100, started: 60.102, ms: 240).unavailable(retryAt: 61.342),
            s.request(11, scheduled: 60.200, started: 60.203, ms: 230)
                .succeeded(createdId: "566881935", requestId: "req-0005"),
        ])
        try s.claim([12, 3, 6], at: 60.203)
        try s.store.record([
            s.request(12, scheduled: 60.300, started: 60.304, ms: 210)
                .succeeded(createdId: "566881936", requestId: "req-0006"),
            s.request(3, scheduled: 60.400, started: 60.405, ms: 250).unavailable(retryAt: 62.655),
            s.request(6, scheduled: 60.500, started: 60.506, ms: 260).unavailable(retryAt: 62.766),
        ])
        try s.claim([7], at: 60.506)
        try s.claim([10], at: 61.342)
        try s.store.record([
            s.request(10, scheduled: 61.342, started: 61.343, ms: 200)
                .succeeded(createdId: "566881937", requestId: "req-0007"),
        ])
        try s.claim([3], at: 62.655)
        try s.store.record([s.request(3, scheduled: 62.655, started: 62.656, ms: 240).unavailable(retryAt: nil)])
        // Row 6's third request leaves at 62.767 and is still unanswered when the drain ends at 66.000.
        try s.claim([6], at: 62.766)
        try s.store.record([s.request(7, scheduled: 60.600, started: 60.607, ms: 5000).timedOut(retryAt: 66.607)])
        try s.endRun(run, at: 66.000, requests: 9, finalRate: "10.0", rateDecreases: "0")
    }
}

/// Claims rows and builds their outcomes the way the dispatcher does, with times as offsets from t0.
private final class Sender {
    let store: JobStore
    let claimBatch: Int
    /// The attempt number of each row's claimed request.
    private var attempts: [Int: Int] = [:]

    init(store: JobStore, claimBatch: Int) {
        self.store = store
        self.claimBatch = claimBatch
    }

    /// What `JobRunner` does before sending: run options into the metadata, rows in flight recovered, run started.
    func startRun(at offset: Double, _ configuration: JobConfiguration) throws -> Int {
        try store.setMeta([JobMetaKey.configuredRate: configuration.sending.rate.text,
                           JobMetaKey.unknownPolicy: configuration.unknownPolicy.rawValue])
        _ = try store.recoverInFlight(resend: configuration.unknownPolicy == .resend)
        return try store.startRun(at: GoldenJob.t(offset))
    }

    func endRun(_ run: Int, at offset: Double, requests: Int, finalRate: String, rateDecreases: String) throws {
        try store.setMeta([JobMetaKey.finalRate: finalRate, JobMetaKey.rateDecreases: rateDecreases])
        let (status, _) = JobRunner.exitStatus(end: .stopped, counts: try store.countsByState())
        try store.endRun(run, at: GoldenJob.t(offset), exitStatus: status.rawValue, requests: requests)
    }

    /// Claims one batch at `offset`; throws unless the store hands out exactly `ids`.
    func claim(_ ids: [Int], at offset: Double) throws {
        let claimed = try store.claim(limit: claimBatch, now: GoldenJob.t(offset))
        guard claimed.map(\.id) == ids else {
            throw UnexpectedClaim(offset: offset, expected: ids, claimed: claimed.map(\.id))
        }
        for row in claimed { attempts[row.id] = row.attempts }
    }

    func request(_ id: Int, scheduled: Double, started: Double, ms: Double) -> Request {
        Request(row: id, attempt: attempts[id] ?? 0, scheduled: GoldenJob.t(scheduled), started: GoldenJob.t(started),
                ms: ms)
    }

    /// One request of a claimed row and the answers it can get.
    struct Request {
        let row: Int, attempt: Int, scheduled: Double, started: Double, ms: Double

        func succeeded(createdId: String, warnings: String? = nil, requestId: String,
                       confirmation: Confirmation = .answer) -> RowOutcome {
            outcome(.succeeded(createdId: createdId, warnings: warnings, confirmation: confirmation), status: 200, kind: .success,
                    requestId: requestId)
        }

        func failed(_ status: Int, code: String, _ message: String, requestId: String) -> RowOutcome {
            outcome(.failed(code: code, message: message), status: status, kind: .permanent, code: code,
                    requestId: requestId)
        }

        /// A 503 with an empty body: retried at `retryAt`, or given up when nil (no attempts left).
        func unavailable(retryAt: Double?) -> RowOutcome {
            let message = "HTTP 503: empty body"
            return outcome(retryAt.map { .retry(at: GoldenJob.t($0), code: nil, message: message) }
                           ?? .gaveUp(code: nil, message: message), status: 503, kind: .transient)
        }

        func throttled(retryAfter: Double, retryAt: Double) -> RowOutcome {
            outcome(.retry(at: GoldenJob.t(retryAt), code: nil, message: "HTTP 429: empty body"),
                    status: 429, kind: .throttled, retryAfter: retryAfter)
        }

        func timedOut(retryAt: Double) -> RowOutcome {
            outcome(.retry(at: GoldenJob.t(retryAt), code: nil, message: "timeout: HTTPClientError.deadlineExceeded"),
                    status: nil, kind: .timeout)
        }

        private func outcome(_ resolution: RowResolution, status: Int?, kind: AttemptOutcome, code: String? = nil,
                             retryAfter: Double? = nil, requestId: String? = nil) -> RowOutcome {
            let counts = kind == .throttled ? RequestCounts(requests: 1, throttles: 1) : RequestCounts(requests: 1, attempts: 1)
            var outcome = RowOutcome(
                rowId: row, resolution: resolution, counts: counts, httpStatus: status, latencyMs: ms, sentAt: started,
                finishedAt: started + ms / 1000,
                attempt: AttemptRecord(attempt: attempt, scheduledAt: scheduled, startedAt: started, durationMs: ms,
                                       httpStatus: status, code: code, outcome: kind, retryAfter: retryAfter))
            outcome.requestId = requestId
            return outcome
        }
    }
}

/// The store claimed other rows than the story of `GoldenJob` says.
private struct UnexpectedClaim: Error, CustomStringConvertible {
    let offset: Double, expected: [Int], claimed: [Int]
    var description: String { "GoldenJob: claimed rows \(claimed) at +\(offset) s, expected \(expected)" }
}
