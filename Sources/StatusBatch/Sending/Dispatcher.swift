import Logging

/// The driver of `SendingCore`: feeds it events (claimed rows, answers, tokens, a stop) and carries
/// out its actions with the store, the transport and the worker pool. It holds no policy. It runs on
/// the calling thread, which alone owns the store's connection, and waits on a condition until the
/// next deadline the core names or the next event.
public final class Dispatcher {
    private let store: JobStore
    private let transport: HTTPTransport
    private let endpoint: CapillaryEndpoint
    private let credentials: CapillaryCredentials
    private let settings: SendingSettings
    private let clock: JobClock
    private let stop: StopSignal
    private let pool = WorkerPool()
    private let mailbox = Mailbox()
    private let random: SeededRandom
    /// Replaced at the start of `run` (it then knows the rows to send); read for progress afterwards.
    private var core: SendingCore
    private let onProgress: (@Sendable (SendingProgress) -> Void)?
    private var lastProgress = -Double.infinity
    private var lastReported: SendingProgress?
    private let logger: Logger
    /// Whether the unavailability of the read-back calls was logged (it is said once).
    private var readsNoticeLogged = false
    /// The learnt limit last logged.
    private var loggedLimit: LearnedLimit?
    /// The held constants last written to the job.
    private var storedHeld: [HeldConstant] = []
    /// Requests started by the core and not yet handed to the worker pool.
    private var startsToSubmit: [RequestStart] = []
    /// Builds the requests of the starts, on the worker pool's thread.
    private let builder: RequestBuilder

    public init(store: JobStore, transport: HTTPTransport, endpoint: CapillaryEndpoint,
                credentials: CapillaryCredentials, authKey: CapillaryAuthKey? = nil, settings: SendingSettings,
                clock: JobClock, random: SeededRandom, stop: StopSignal, logger: Logger = Logger(label: "statusbatch"),
                onProgress: (@Sendable (SendingProgress) -> Void)? = nil) {
        self.logger = logger
        self.store = store
        self.transport = transport
        self.endpoint = endpoint
        self.credentials = credentials
        self.settings = settings
        self.clock = clock
        self.stop = stop
        self.onProgress = onProgress
        self.random = random
        core = SendingCore(settings: settings, generatesTokens: credentials.generatesTokens, random: random)
        loggedLimit = settings.adaptive ? settings.rememberedLimit : nil
        builder = RequestBuilder(endpoint: endpoint, credentials: credentials, authKey: authKey,
                                 options: settings.requestOptions)
    }

    /// Counters so far, with the rows this run set out to send.
    public var progress: SendingProgress { core.progress }

    /// How often the adaptive rate was lowered.
    public var rateDecreases: Int { core.rateDecreases }

    /// Sends until no row is left, a stop is requested, the API stays down, or the credentials are refused.
    public func run() throws -> SendingEnd {
        core = SendingCore(settings: settings, generatesTokens: credentials.generatesTokens, random: random,
                           total: try store.sendableRowCount())
        let mailbox = self.mailbox
        let clock = self.clock
        stop.onRaise { mailbox.post(.stopRequested, at: clock.now()) }
        while true {
            for (event, time) in mailbox.take() { core.handle(event, now: time) }
            let now = clock.now()
            let action = core.nextAction(now: now)
            if case .start(let start) = action {
                startsToSubmit.append(start)
                continue
            }
            submitStarts()
            switch action {
            case .commit(let outcomes, let pauses):
                try store.record(outcomes, pauses: pauses, readsBack: core.readsBack)
                let progress = core.progress
                noteReadsUnavailable(progress.readsUnavailable)
                try keepHeld(progress.held)
                noteLearntLimit(progress.learntLimit)
                reportProgress(now: now)
            case .claim(let limit, let filter):
                let rows = try store.claim(limit: limit, now: now, confirmUncertain: settings.verify != .off,
                                           recordPrevious: settings.recordPrevious, filter: filter)
                core.handle(.claimed(rows, nextDue: rows.isEmpty ? try store.nextSendableTime(filter: filter) : nil), now: now)
            case .start:
                break  // gathered above, handed over with the next other action
            case .requestToken:
                let event = requestToken()
                core.handle(event, now: clock.now())
            case .wait(let deadline):
                // A wait may be long (a pause, an outage): progress not shown yet goes out first, or as soon
                // as the ten-a-second limit allows.
                var until = deadline
                if core.progress != lastReported {
                    let due = lastProgress + 0.1
                    if now >= due { reportProgress(now: now) } else { until = min(deadline ?? due, due) }
                }
                clock.wait(until: until, on: mailbox.wake)
            case .finish(let end):
                report()
                return end
            }
        }
    }

    /// Says once that the read-back calls cannot be used, as soon as the core found out.
    private func noteReadsUnavailable(_ reason: String?) {
        guard !readsNoticeLogged, let message = reason else { return }
        readsNoticeLogged = true
        logger.warning("the read-back calls are not available to this job: uncertain rows are sent again without a read (flagged resent), previous labels and verifications are not read",
                       metadata: ["reason": "\(message)"])
    }

    /// Says when a limit was learnt or changed (a probe, a correction).
    private func noteLearntLimit(_ learnt: LearnedLimit?) {
        guard learnt != loggedLimit else { return }
        loggedLimit = learnt
        if let learnt {
            logger.info("learnt the API's limit from its 429s: requests are paced evenly under it",
                        metadata: ["limit": "\(learnt.text)", "how": "\(learnt.how)",
                                   "pace_per_second": "\(String(format: "%.2f", learnt.pace))"])
        }
    }

    /// Keeps the constants held back for a systematic mistake in the job, for `status`, whenever they change.
    private func keepHeld(_ held: [HeldConstant]) throws {
        guard held != storedHeld else { return }
        storedHeld = held
        try store.setHeld(held)
    }

    /// Reports progress after a commit, at most ten times a second.
    private func reportProgress(now: Double) {
        guard now - lastProgress >= 0.1 else { return }
        lastProgress = now
        report()
    }

    private func report() {
        let progress = core.progress
        lastReported = progress
        onProgress?(progress)
    }

    /// Hands the requests started since the last action to the worker pool in one job (one thread hand-off for
    /// a run of starts, not one each); the pool builds them.
    private func submitStarts() {
        guard !startsToSubmit.isEmpty else { return }
        let batch = startsToSubmit
        startsToSubmit.removeAll(keepingCapacity: true)
        let (transport, mailbox, clock, builder) = (self.transport, self.mailbox, self.clock, self.builder)
        pool.submit {
            for start in batch {
                let (rowId, call) = (start.row.id, start.call)
                transport.send(builder.request(for: start)) { result in
                    let now = clock.now()
                    let event: SendingEvent = call == .update
                        ? .answered(rowId: rowId, reply: CapillaryReply.read(result, now: now))
                        : .readAnswered(rowId: rowId, reply: ReadReply.read(result, call: call, now: now))
                    mailbox.post(event, at: now)
                }
            }
        }
    }

    /// The OAuth token call, made on this thread (answers keep arriving in the mailbox meanwhile).
    private func requestToken() -> SendingEvent {
        guard case .oauthClient(let key, let secret) = credentials else {
            return .tokenRefused(message: "OAuth token generation needs a client key and secret")
        }
        switch OAuthTokenRequest.read(transport.sendAndWait(OAuthTokenRequest.make(key: key, secret: secret,
                                                                                    endpoint: endpoint))) {
        case .issued(let token, let lifetime): return .tokenIssued(token: token, lifetime: lifetime)
        case .refused(let message): return .tokenRefused(message: message)
        case .unavailable(let message): return .tokenUnavailable(message: message)
        }
    }
}
