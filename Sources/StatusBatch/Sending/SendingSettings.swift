/// How the dispatcher sends: rate, concurrency, retries, shutdown.
public struct SendingSettings: Sendable {
    public var rate: SendRate
    public var burst: Int
    public var concurrency: Int
    public var retryPolicy: RetryPolicy
    /// How long a graceful stop waits for requests already in flight.
    public var drainTimeout: Double
    /// `use_async` and attribution headers sent with every request.
    public var requestOptions = StatusUpdateOptions()
    /// A PEM file of certificate authorities trusted in addition to the system's.
    public var caFile: String?
    /// Seconds a request may take before it counts as timed out (it may still have been applied).
    public var requestTimeout = SendingSettings.defaultRequestTimeout
    /// Lower the rate on 429s and raise it back after a quiet period (AIMD).
    public var adaptive = true
    /// Throttled answers (429, 461, 521) a row may get before it gives up.
    public var maxThrottles = SendingSettings.defaultMaxThrottles
    /// How long the API may be down (only probes answered with failures) before the job stops.
    public var maxOutage = SendingSettings.defaultMaxOutage
    /// Which rows are read back: uncertain ones before a resend (default), all succeeded ones too, or none.
    public var verify = VerifyMode.uncertain
    /// Read each customer's active label before its update, for `statusbatch undo`.
    public var recordPrevious = false
    /// Answers that blame a label, a source or every row (with no success among them) before those rows are
    /// held back and the job ends with exit 2; 0 turns it off.
    public var maxSystematicFailures = SendingSettings.defaultMaxSystematicFailures
    /// The API's limit as the operator gave it (`--quota`): requests are paced evenly just under it, and the
    /// adaptive rate learns nothing.
    public private(set) var quota: SendRate?
    /// A limit an earlier run learnt: pacing starts under it instead of learning again.
    public var rememberedLimit: LearnedLimit?

    /// How far under a known quota requests are paced, so clock drift and timing jitter never cross it.
    public static let quotaMargin = 0.02
    /// Seconds after a predicted window boundary that the first try of the new window comes (the server's clock
    /// and ours differ by the time a request takes to arrive).
    public static let boundaryLead = 0.05

    /// Paces evenly `quotaMargin` under `quota` (never above the `--rate` ceiling) with the adaptive rate off:
    /// 300/m becomes 294/m, which no fixed or sliding 60 s window of 300 refuses.
    public mutating func pace(underQuota quota: SendRate) {
        self.quota = quota
        adaptive = false
        let perMinute = quota.perSecond * 60 * (1 - Self.quotaMargin)
        if perMinute < rate.perSecond * 60 { rate = SendRate(perMinute: perMinute) }
    }

    /// Defaults, written once here; the command line shows them in `--help`.
    public static let defaultConcurrency = 8
    public static let defaultDrainTimeout = 30.0
    public static let defaultRequestTimeout = 60.0
    public static let defaultMaxThrottles = 50
    public static let defaultMaxOutage = 15.0 * 60
    public static let defaultMaxSystematicFailures = 20

    public init(rate: SendRate, burst: Int = 0, concurrency: Int = SendingSettings.defaultConcurrency,
                retryPolicy: RetryPolicy = RetryPolicy(), drainTimeout: Double = SendingSettings.defaultDrainTimeout) {
        self.rate = rate
        self.burst = burst
        self.concurrency = max(1, concurrency)
        self.retryPolicy = retryPolicy
        self.drainTimeout = drainTimeout
    }

    /// How long after an uncertain answer its read-back waits at least: the API may still be applying the
    /// request, so it gets as long again as the request was allowed (at most 15 s).
    public var readBackDelay: Double { min(requestTimeout, 15) }

    /// Rows claimed per transaction: enough to keep the pool busy, few enough that a crash leaves
    /// only a handful `in_flight` that were never sent (about a quarter second of work, at most as many as
    /// are sent at once; rows claimed ahead while every connection is busy wait at most as long as the
    /// requests in flight take).
    public var claimBatch: Int {
        max(1, min(concurrency, Int((rate.perSecond * 0.25).rounded(.up))))
    }
}

/// Counters of a run in progress, for progress lines.
public struct SendingProgress: Sendable, Equatable {
    /// Rows to send in this run: the sendable (pending or waiting) rows when sending started.
    public var total = 0
    public var requests = 0
    public var succeeded = 0
    public var failed = 0
    public var retrying = 0
    public var gaveUp = 0
    /// Rows left `unknown`: their update may have been applied and no read could settle it.
    public var unknown = 0
    public var throttled = 0
    /// Read-back calls made, and rows whose uncertain update a read found applied (not sent again).
    public var reads = 0
    public var confirmed = 0
    /// Why the read-back calls cannot be used by this job, once a read was refused (403, 404, 405, 401).
    public var readsUnavailable: String?
    /// The limit learnt (or remembered) so far, when there is one.
    public var learntLimit: LearnedLimit?
    /// Labels, sources or every row held back for a systematic mistake (their rows stay pending).
    public var held: [HeldConstant] = []
    /// The request rate in use now (lower than configured while adapting to 429s).
    public var currentRate = 0.0
    /// True while the API looks down and only single probes are sent.
    public var inOutage = false
    public init() {}

    /// Rows that reached a final state in this run: succeeded, failed, gave up or left unknown.
    public var done: Int { succeeded + failed + gaveUp + unknown }
}
