/// Names of the job metadata entries in the store.
public enum JobMetaKey {
    public static let inputPath = "input.path"
    public static let inputSize = "input.size"
    public static let inputSHA256 = "input.sha256"
    /// The input's modification time when it was fingerprinted: unchanged size and time spare a resume the hashing.
    public static let inputModified = "input.modified"
    public static let inputFormat = "input.format"
    /// The CSV header as a JSON array of strings.
    public static let header = "input.header"
    public static let ingestComplete = "ingest.complete"
    public static let createdAt = "job.created_at"
    /// The `--rate` of the latest run.
    public static let configuredRate = "run.rate"
    /// The adaptive rate at the end of the latest run (requests per second) and how often it was lowered.
    public static let finalRate = "run.final_rate"
    public static let rateDecreases = "run.rate_decreases"
    /// The `--on-unknown` policy of the latest run.
    public static let unknownPolicy = "run.on_unknown"
    /// The `--verify` mode of the latest run, and why reads were unavailable to it (when they were).
    public static let verify = "run.verify"
    public static let readsUnavailable = "run.reads_unavailable"
    /// The constants the latest run held back for a systematic mistake, as a JSON array of `HeldConstant`.
    public static let held = "run.held"
    /// The limit learnt from 429s, as JSON `{"shape":"window","quota":300,"window":60}` (`LearnedLimit`).
    public static let learntLimit = "limit.learnt"

    /// An option that changes what is sent, e.g. `option.source`.
    public static func option(_ name: String) -> String { "option." + name }
}
