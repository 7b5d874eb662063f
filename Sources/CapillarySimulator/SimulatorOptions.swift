/// How the simulator behaves. Every random choice derives from `seed`, so a run is reproducible.
public struct SimulatorOptions: Sendable {
    public var seed: UInt64 = 1
    /// Status labels the simulated org has configured; others get 8086.
    public var labels: Set<String> = SimulatorOptions.defaultLabels
    /// When set, only these customers exist (identifierName + value); otherwise every customer exists
    /// except values ending in `8015`.
    public var knownCustomers: Set<String>?
    /// When set, requests must carry exactly this `Authorization` value
    /// (Capillary's `Basic base64(user:md5hex(password))`).
    public var expectedAuthorization: String?
    /// When set, requests must also carry exactly this `X-CAP-API-AUTH-KEY` (an org-level key).
    public var expectedAuthKey: String?
    /// OAuth client key and secret: when both are set, `POST /v3/oauth/token/generate` issues tokens and a
    /// valid `X-CAP-API-OAUTH-TOKEN` authorises a request (as does `expectedAuthorization`, when set).
    public var oauthKey: String?
    public var oauthSecret: String?
    /// Seconds an issued OAuth token stays valid (the `ttlSeconds` the token endpoint announces).
    public var oauthTTL: Double = 300
    /// When set, tokens stop working this many seconds after issue even if `oauthTTL` is longer, like a
    /// token revoked on the server: clients then see a 401 before the announced expiry.
    public var oauthRevokeAfter: Double?
    /// Answer every 401 like an API gateway: `application/xml` with a `<fault>` body instead of JSON.
    public var xml401 = false
    /// Requests allowed per rolling second / minute; 0 means no limit.
    public var perSecondLimit = 0
    public var perMinuteLimit = 0
    /// Requests allowed per fixed window of `fixedWindowSeconds`, the windows counted from `origin` (a quota that
    /// resets on the minute); 0 means no limit.
    public var fixedWindowLimit = 0
    public var fixedWindowSeconds = 60.0
    /// nginx `limit_req`-style limit: requests per second metered per millisecond, with `limitBurst`
    /// extra; 0 means none.
    public var limitRate = 0.0
    public var limitBurst = 0
    /// Windows (seconds after `origin`) in which every request gets 503, like an outage.
    public var outages: [(start: Double, duration: Double)] = []
    /// During those windows the read calls keep answering (only the status PUT fails), like an API whose
    /// write path is down; by default the reads fail too.
    public var outagesSpareReads = false
    /// The time outage windows count from (seconds since 1970); nil means when the engine starts.
    public var origin: Double?
    /// Send `Retry-After` with 429 answers (seconds until a request would be admitted).
    public var retryAfterOn429 = true
    /// Fraction of requests answered 503, and of connections closed without an answer.
    public var failureRate = 0.0
    public var dropRate = 0.0
    /// Fraction of status updates that are applied (history entry, createdId) and then answered by closing the
    /// connection without a response, like a proxy that loses the answer.
    public var applyThenDropRate = 0.0
    /// Fraction of status updates that are applied and answered 200 only after `lateAnswerSeconds` (instead of
    /// the usual latency), so a client's timeout usually fires first.
    public var applyThenLateRate = 0.0
    public var lateAnswerSeconds = 30.0
    /// Fraction of status updates that are not applied and answered 200 with a `text/html` maintenance page,
    /// like a proxy in front of the API.
    public var html200Rate = 0.0
    /// When set, the read calls (`GET /v2/customers/lookup` and `GET /v2/customers/{id}/statusLog`) are refused
    /// after authorisation: 403 (no read permission) or 404 (a gateway without them). The status PUT still works.
    public var readsRefused: ReadRefusal?
    /// Latency added to every answer: base plus up to `latencyJitterMs`, in milliseconds.
    public var latencyMs = 0.0
    public var latencyJitterMs = 0.0
    /// JSON Lines request log; nil for none.
    public var logPath: String?

    public init() {}

    /// Whether OAuth is configured (key and secret both set).
    public var oauthEnabled: Bool { oauthKey != nil && oauthSecret != nil }

    /// Whether requests must be authorised (Basic, OAuth or either).
    var requiresAuthorization: Bool { expectedAuthorization != nil || oauthEnabled }

    /// The labels a fresh simulator knows.
    public static let defaultLabels: Set<String> = [
        "Active", "Inactive", "Gold", "Silver", "Platinum", "VIP", "Dormant", "Suspicious", "Suspended",
        "Fraud Suspected", "Churn Risk",
    ]
}
