/// Everything a `run` needs, from the command line and environment.
public struct JobConfiguration: Sendable {
    public var inputPath: String
    /// The job folder; nil means `<input>.statusbatch` beside the input.
    public var workdir: String?
    public var defaults: InputDefaults
    public var delimiter: Character?
    /// The text encoding asked for (`--encoding`); nil: a byte-order mark's, else UTF-8.
    public var encoding: InputEncoding?
    /// The sheet of a workbook to read (`--sheet`); nil: the first.
    public var sheet: String?
    public var endpoint: CapillaryEndpoint
    /// Names the target in the job fingerprint: `simulator` for the built-in one, else the base URL.
    public var targetName: String
    public var credentials: CapillaryCredentials
    /// `CAPILLARY_AUTH_KEY`, sent as `X-CAP-API-AUTH-KEY` when set.
    public var authKey: CapillaryAuthKey?
    public var sending: SendingSettings
    /// Start the job over, forgetting its rows.
    public var restart: Bool
    /// Send rows found in flight after a crash again (`--on-unknown resend`) or leave them `unknown`.
    public var unknownPolicy: UnknownPolicy
    /// What a committed claim survives (`synchronous` FULL or NORMAL).
    public var durability: JobStore.Durability = .powerLoss
    /// Read, validate and store the rows, then stop without sending (`run --ingest-only`).
    public var ingestOnly = false

    public init(inputPath: String, workdir: String? = nil, defaults: InputDefaults = InputDefaults(),
                delimiter: Character? = nil, endpoint: CapillaryEndpoint, targetName: String,
                credentials: CapillaryCredentials, sending: SendingSettings, restart: Bool = false,
                unknownPolicy: UnknownPolicy = .resend) {
        self.inputPath = inputPath
        self.workdir = workdir
        self.defaults = defaults
        self.delimiter = delimiter
        self.endpoint = endpoint
        self.targetName = targetName
        self.credentials = credentials
        self.sending = sending
        self.restart = restart
        self.unknownPolicy = unknownPolicy
    }

    /// The job folder this configuration uses.
    public var jobDirectory: String { workdir ?? inputPath + ".statusbatch" }

    /// The options that change what is sent, by flag name; a resume must match them.
    public var sendAffectingOptions: [String: String] {
        var options = [
            "identifier-name": defaults.identifierName ?? "",
            "source": defaults.source,
            "reason": defaults.reason ?? "",
            "label": defaults.label ?? "",
            "delimiter": delimiter.map(String.init) ?? "auto",
            "target": targetName,
            "use-async": sending.requestOptions.useAsync.map { $0 ? "true" : "false" } ?? "",
        ]
        // Only when given: a job started before these options existed resumes as before.
        if let encoding { options["encoding"] = encoding.rawValue }
        if let sheet { options["sheet"] = sheet }
        if let orgId = sending.requestOptions.orgId { options["org-id"] = String(orgId) }
        return options
    }
}
