import Synchronization

/// How a sending session ended.
public enum SendingEnd: Sendable, Equatable {
    /// No row is left to send.
    case finished
    /// A stop was requested; unfinished rows stay resumable.
    case stopped
    /// The API stayed down longer than `--max-outage`; unfinished rows stay resumable.
    case outage(String)
    /// The API refused the job's credentials; unfinished rows stay resumable.
    case fatal(String)
}

/// The sending loop: claims rows from the store, paces starts, hands requests to the worker pool,
/// classifies answers and commits outcomes in small batches. Owns the store while it runs.
public final class Dispatcher {
    private let store: JobStore
    private let transport: HTTPTransport
    private let endpoint: CapillaryEndpoint
    private let settings: SendingSettings
    private let clock: JobClock
    private let stop: StopSignal
    private let pool: WorkerPool
    private var pacer: Pacer
    private let collector: OutcomeCollector
    private let authenticator: Authenticator
    private let onProgress: (@Sendable (SendingProgress) -> Void)?
    private var lastProgress = 0.0
    private var total = 0
    private var outageMessage: String?

    public init(store: JobStore, transport: HTTPTransport, endpoint: CapillaryEndpoint,
                credentials: CapillaryCredentials, settings: SendingSettings, clock: JobClock,
                random: SeededRandom, stop: StopSignal, onProgress: (@Sendable (SendingProgress) -> Void)? = nil) {
        self.store = store
        self.transport = transport
        self.endpoint = endpoint
        self.settings = settings
        self.clock = clock
        self.stop = stop
        self.onProgress = onProgress
        pool = WorkerPool(concurrency: settings.concurrency)
        authenticator = Authenticator(credentials: credentials, endpoint: endpoint, transport: transport, clock: clock)
        collector = OutcomeCollector(settings: settings, clock: clock, random: random, authenticator: authenticator)
        pacer = Pacer(rate: settings.rate, burst: settings.burst)
    }

    /// Counters so far, with the rows this run set out to send.
    public var progress: SendingProgress {
        var snapshot = collector.progress
        snapshot.total = total
        return snapshot
    }

    /// How often the adaptive rate was lowered.
    public var rateDecreases: Int { collector.pacing.rateDecreases }

    /// Sends until no row is left, a stop is requested, or the credentials are refused.
    public func run() throws -> SendingEnd {
        var ready: [ClaimedRow] = []
        defer { _ = pool.waitUntilIdle(timeout: 0) }
        total = try store.sendableRowCount()
        loop: while true {
            try flush()
            if shouldHalt { break }
            if ready.isEmpty {
                ready = try store.claim(limit: settings.claimBatch, now: clock.now())
                if ready.isEmpty {
                    if pool.inFlight == 0 && inboxIsEmpty {
                        guard let next = try store.nextSendableTime() else { break loop }
                        try sleepFlushing(until: min(next, clock.now() + 0.25))
                    } else {
                        clock.sleep(until: clock.now() + 0.005) { [collector, stop] in
                            stop.isRaised || collector.hasOutcomes
                        }
                    }
                    continue
                }
            }
            while !pool.acquire(timeout: 0.02) {
                try flush()
                if shouldHalt { break loop }
            }
            let scheduled: Double
            if let outage = collector.pacing.outage {
                if clock.now() - outage.since > settings.maxOutage {
                    pool.release()
                    outageMessage = "the API failed every request for more than \(Int(settings.maxOutage)) s (outage since \(Timestamp.iso(outage.since)))"
                    break
                }
                // Rows claimed before the outage began go back, so a crash now cannot make them `unknown`.
                if ready.count > 1 {
                    let now = clock.now()
                    try store.record(ready.dropFirst().map { RowOutcome(rowId: $0.id, resolution: .released, finishedAt: now) })
                    ready.removeLast(ready.count - 1)
                }
                // One probe at a time while the API looks down.
                if pool.inFlight > 0 || clock.now() < outage.nextProbeAt {
                    pool.release()
                    try sleepFlushing(until: min(outage.nextProbeAt, clock.now() + 0.05))
                    continue
                }
                collector.pacing.probeSent(now: clock.now())
                scheduled = clock.now()
            } else {
                pacer.setRate(perSecond: collector.pacing.rate(now: clock.now()))
                pacer.pause(until: collector.pacing.pauseUntil)
                scheduled = pacer.reserve(now: clock.now())
                try sleepFlushing(until: scheduled)
            }
            if shouldHalt {
                pool.release()
                break
            }
            let auth: (headers: [(String, String)], generation: Int)
            do {
                auth = try authenticator.headers()
            } catch let error as StatusBatchError {
                collector.stopJob(error.message)
                pool.release()
                break
            }
            send(ready.removeFirst(), scheduledAt: scheduled, auth: auth)
        }
        return try drain(unsent: ready)
    }

    private var shouldHalt: Bool { stop.isRaised || collector.fatalMessage != nil || outageMessage != nil }
    private var inboxIsEmpty: Bool { !collector.hasOutcomes }

    /// Waits for requests in flight (up to the drain timeout), gives back rows never sent, commits.
    private func drain(unsent: [ClaimedRow]) throws -> SendingEnd {
        let now = clock.now()
        try store.record(unsent.map { RowOutcome(rowId: $0.id, resolution: .released, finishedAt: now) })
        let deadline = clock.now() + settings.drainTimeout
        while pool.inFlight > 0 && clock.now() < deadline {
            _ = pool.waitUntilIdle(timeout: 0.05)
            try flush()
        }
        try flush()
        try store.record([], pauses: collector.pacing.takePauses(now: clock.now(), closing: true))
        onProgress?(progress)
        if let message = collector.fatalMessage { return .fatal(message) }
        if let outageMessage { return .outage(outageMessage) }
        return stop.isRaised ? .stopped : .finished
    }

    private func sleepFlushing(until deadline: Double) throws {
        while clock.now() < deadline && !shouldHalt {
            clock.sleep(until: min(deadline, clock.now() + 0.05)) { [stop] in stop.isRaised }
            try flush()
        }
    }

    /// Commits every outcome received so far in one transaction.
    private func flush() throws {
        try store.record(collector.takeOutcomes(), pauses: collector.pacing.takePauses(now: clock.now()))
        let now = clock.now()
        if let onProgress, now - lastProgress >= 0.1 {
            lastProgress = now
            onProgress(progress)
        }
    }

    private func send(_ row: ClaimedRow, scheduledAt: Double, auth: (headers: [(String, String)], generation: Int)) {
        let request = CapillaryRequest.updateStatus(row.update, endpoint: endpoint, authHeaders: auth.headers,
                                                    extraHeaders: settings.extraHeaders, useAsync: settings.useAsync)
        let transport = self.transport
        let collector = self.collector
        let clock = self.clock
        pool.submit { finished in
            let sentAt = clock.now()
            transport.send(request) { result in
                collector.complete(row, result: result, scheduledAt: scheduledAt, sentAt: sentAt,
                                   tokenGeneration: auth.generation)
                finished()
            }
        }
    }
}
