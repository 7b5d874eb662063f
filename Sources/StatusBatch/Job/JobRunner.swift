import Foundation
import Logging

/// What a finished (or stopped) run reports back to the command line.
public struct RunResult: Sendable {
    public var exitStatus: ExitStatus
    public var summary: JobSummary
    public var jobDirectory: String
    /// Why the run stopped early, when it did.
    public var stopReason: String?
    /// Rows found in flight at start-up (a previous process died while sending them).
    public var recoveredInFlight: Int
    /// What was done with them.
    public var unknownPolicy: UnknownPolicy
    /// True when rows in flight were read back rather than sent again blindly (`--verify` not off).
    public var readBack = true
    /// Rows written to failed.csv.
    public var failedRows: Int
    /// How sending ended (what the operator does next depends on it).
    public var end: SendingEnd = .finished
}

/// Runs a job: ingest (or verify on resume) → recover in-flight rows → send → reports.
public final class JobRunner {
    /// As given; a streamed input's path becomes its copy in the job folder (`InputCopy`).
    private var configuration: JobConfiguration
    private let clock: JobClock
    private let stop: StopSignal
    private let logger: Logger
    private let makeTransport: @Sendable (SendingSettings) -> HTTPTransport
    private let onProgress: (@Sendable (SendingProgress) -> Void)?
    private let onCopyProgress: (@Sendable (Int) -> Void)?

    public init(configuration: JobConfiguration, clock: JobClock = SystemClock(), stop: StopSignal,
                logger: Logger = Logger(label: "statusbatch"),
                makeTransport: @escaping @Sendable (SendingSettings) -> HTTPTransport = {
                    NIOHTTPTransport(concurrency: $0.concurrency, requestTimeout: $0.requestTimeout, caFile: $0.caFile)
                },
                onProgress: (@Sendable (SendingProgress) -> Void)? = nil,
                onCopyProgress: (@Sendable (Int) -> Void)? = nil) {
        self.configuration = configuration
        self.clock = clock
        self.stop = stop
        self.logger = logger
        self.makeTransport = makeTransport
        self.onProgress = onProgress
        self.onCopyProgress = onCopyProgress
    }

    /// Runs the job to its end or until stopped. Throws `StatusBatchError` for usage and input-file problems.
    public func run() throws -> RunResult {
        let directory = configuration.jobDirectory
        try JobFolder.prepare(directory)
        let lock = try JobLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let databasePath = directory + "/job.sqlite"
        let store: JobStore
        do {
            store = try JobStore(path: databasePath, durability: configuration.durability)
        } catch let error as SQLiteError {
            throw StorageFault.describe(error, path: databasePath)
        }
        do {
            return try run(store: store, directory: directory)
        } catch let error as SQLiteError {
            throw StorageFault.describe(error, path: databasePath)
        }
    }

    private func run(store: JobStore, directory: String) throws -> RunResult {
        let ingestStart = clock.now()
        if InputCopy.isStreamed(configuration.inputPath) {
            let original = configuration.inputPath
            configuration.inputPath = try InputCopy.prepare(
                path: original, directory: directory, ingested: try store.meta(JobMetaKey.ingestComplete) == "1",
                restart: configuration.restart, progress: { self.onCopyProgress?($0) })
            logger.info("copied the input into the job folder", metadata: [
                "input": "\(original == "-" ? "standard input" : original)", "copy": "\(configuration.inputPath)"])
        }
        let ingestedCounts = try JobIngest.prepare(store: store, configuration: configuration, stop: stop)
        let rowCount = try store.rowCount()
        logger.info("\(ingestedCounts != nil ? "ingested" : "resuming") job", metadata: [
            "rows": "\(rowCount)", "job": "\(directory)", "seconds": "\(((clock.now() - ingestStart) * 1000).rounded() / 1000)",
        ])
        if configuration.ingestOnly {
            let summary = JobSummary.stored(input: configuration.inputPath, jobDirectory: directory,
                                            counts: try ingestedCounts ?? store.countsByState())
            let rejected = summary.outcomes["rejected"] ?? 0
            return RunResult(exitStatus: rejected > 0 ? .rowsFailed : .success, summary: summary, jobDirectory: directory,
                             stopReason: nil, recoveredInFlight: 0, unknownPolicy: configuration.unknownPolicy,
                             failedRows: 0)
        }
        try store.setMeta([JobMetaKey.configuredRate: configuration.sending.rate.text,
                           JobMetaKey.unknownPolicy: configuration.unknownPolicy.rawValue,
                           JobMetaKey.verify: configuration.sending.verify.rawValue])
        try store.setHeld([])
        let recovered = try store.recoverInFlight(resend: configuration.unknownPolicy == .resend,
                                                  readBack: configuration.sending.verify != .off,
                                                  readAt: clock.now() + configuration.sending.readBackDelay)
        if recovered > 0 {
            logger.warning("rows were in flight when the last run stopped; they may have been sent",
                           metadata: ["rows": "\(recovered)", "policy": "\(configuration.unknownPolicy.rawValue)",
                                      "verify": "\(configuration.sending.verify.rawValue)"])
        }
        let runId = try store.startRun(at: clock.now())
        let end: SendingEnd
        var requests = 0
        if stop.isRaised {
            end = .stopped
        } else {
            let transport = makeTransport(configuration.sending)
            defer { transport.shutdown() }
            var settings = configuration.sending
            // A quota an earlier run learnt is where this one starts (not with --quota or --adaptive off).
            if settings.adaptive { settings.rememberedLimit = try store.learntLimit() }
            let dispatcher = Dispatcher(
                store: store, transport: transport, endpoint: configuration.endpoint,
                credentials: configuration.credentials, authKey: configuration.authKey, settings: settings, clock: clock,
                random: SeededRandom(), stop: stop, logger: logger, onProgress: onProgress)
            end = try dispatcher.run()
            let progress = dispatcher.progress
            requests = progress.requests
            var meta = [JobMetaKey.finalRate: String(progress.currentRate),
                        JobMetaKey.rateDecreases: String(dispatcher.rateDecreases)]
            if let unavailable = progress.readsUnavailable { meta[JobMetaKey.readsUnavailable] = unavailable }
            try store.setMeta(meta)
            if let learnt = progress.learntLimit { try store.setLearntLimit(learnt) }
        }
        let counts = try store.countsByState()
        let (status, reason) = JobRunner.exitStatus(end: end, counts: counts)
        try store.endRun(runId, at: clock.now(), exitStatus: status.rawValue, requests: requests)
        let context = ReportWriter.Context(jobDirectory: directory, exitStatus: status, stopReason: reason)
        let summary = try ReportWriter.writeAll(store: store, context: context)
        let failed = counts.total(of: RowState.needsAttention)
        var result = RunResult(exitStatus: status, summary: summary, jobDirectory: directory, stopReason: reason,
                               recoveredInFlight: recovered, unknownPolicy: configuration.unknownPolicy, failedRows: failed)
        result.readBack = configuration.sending.verify != .off
        result.end = end
        return result
    }

    /// The exit status for how sending ended and the rows' states.
    static func exitStatus(end: SendingEnd, counts: [RowState: Int]) -> (ExitStatus, String?) {
        let unfinished = counts.total(of: RowState.unfinished)
        // A stop that came after the last row finished changes nothing.
        let end = end == .stopped && unfinished == 0 ? .finished : end
        switch end {
        case .fatal(let message):
            return (.stoppedEarly, "\(message); no further rows were sent")
        case .stopped:
            return (.stoppedEarly, "stopped on request")
        case .outage(let message):
            return (.stoppedEarly, message)
        case .systematic(let message):
            return (.usageError, message)
        case .finished:
            if (counts[.inFlight] ?? 0) > 0 {
                return (.stoppedEarly, "requests still in flight when the drain timeout ran out")
            }
            let bad = counts.total(of: RowState.unsuccessful)
            return (bad > 0 ? .rowsFailed : .success, nil)
        }
    }
}
