import ArgumentParser
import CapillarySimulator
import Foundation
import Logging
import StatusBatch

/// `statusbatch run INPUT`: ingest, send, report; the same command again resumes.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Send every row of a CSV or JSONL file; run it again to resume.",
        discussion: """
            Credentials come from CAPILLARY_USERNAME and CAPILLARY_PASSWORD (never from the command line). \
            The default rate is 1/s against the real API (demo orgs allow about 100 requests a minute) and \
            100/s against the simulator.
            """)

    @Argument(help: "The input file: CSV with a header line or JSON Lines, UTF-8 or UTF-16 (or --encoding), optionally gzip-compressed; - reads standard input.") var input: String
    @Flag(help: "Send to a built-in simulator on a free loopback port instead of Capillary.") var simulate = false
    @Option(help: "Capillary cluster: apac, apac2, eu or us.") var cluster: String?
    @Option(help: "API base URL, e.g. https://eu.api.capillarytech.com (http only for loopback).") var baseURL: String?
    @Option(help: "Request rate: N/s or N/m (evenly spaced; default 1/s, or 100/s with --simulate).") var rate: String?
    @Option(help: "Requests allowed to start early after an idle period.") var burst = 0
    @Option(help: "Requests in flight at once (1...256).") var concurrency = SendingSettings.defaultConcurrency
    @Option(help: "Attempts per row for transient failures (5xx, timeouts, connection errors).")
    var maxAttempts = RetryPolicy.defaultMaxAttempts
    @Option(help: "Seconds a graceful stop waits for requests in flight.") var drainTimeout = SendingSettings.defaultDrainTimeout
    @Option(help: "The API's limit when you know it, N/m or N/s (e.g. 300/m): requests are paced evenly 2 % under it (never above --rate) and the adaptive rate is off.")
    var quota: String?
    @Option(name: .customLong("adaptive"), help: "Lower the rate on 429s and raise it back slowly.")
    var adaptive = OnOff.on
    @Option(help: "Throttled answers (429, 461, 521) a row may get before it gives up.")
    var maxThrottles = SendingSettings.defaultMaxThrottles
    @Option(help: "A file with the credentials (NAME=value lines or JSON, chmod 600) instead of the environment.")
    var credentials: String?
    @Option(help: "Send use_async=true or false with every request (background loyalty side effects).")
    var useAsync: Bool?
    @Option(help: "X-CAP-API-ATTRIBUTION-ENTITY-TYPE header for every request.") var attributionType: String?
    @Option(help: "X-CAP-API-ATTRIBUTION-ENTITY-CODE header for every request.") var attributionCode: String?
    @Option(help: "A PEM file of certificate authorities to trust in addition to the system's.") var caFile: String?
    @Option(help: "X-CAP-API-AUTH-ORG-ID: the org to act in (a parent org acting for a child org). An org key goes in CAPILLARY_AUTH_KEY (environment or --credentials file), never here.")
    var orgId: Int?
    @Option(help: "Seconds a request may take before it is retried (a timed-out request may still have been applied).")
    var requestTimeout = SendingSettings.defaultRequestTimeout
    @Option(help: "Seconds the API may be down (every probe failing) before the job stops, resumable.")
    var maxOutage = SendingSettings.defaultMaxOutage
    @Option(help: ArgumentHelp(
        "Read rows back: uncertain (before resending an update whose answer was lost, timed out or garbled), all (also every succeeded row, after its update), or off (resend blindly).",
        valueName: "mode"))
    var verify = VerifyMode.uncertain
    @Flag(help: "Read each customer's active label before its update, so that 'statusbatch undo' can restore it.")
    var recordPrevious = false
    @Option(help: ArgumentHelp(
        "Answers blaming one label, one source or every row (8086, 8003, 404/405/415) with no success among them before those rows are held back and the job ends with exit 2 (0: never).",
        valueName: "n"))
    var maxSystematic = SendingSettings.defaultMaxSystematicFailures
    @OptionGroup var inputOptions: InputOptions
    @Flag(help: "Read and validate the whole file and print what would be sent; send nothing.") var dryRun = false
    @Flag(help: "Read, validate and store every row in the job, then stop; the same command without it sends them.")
    var ingestOnly = false
    @Option(help: "Job folder (default: <input>.statusbatch beside the input).") var workdir: String?
    @Flag(help: "Forget this job's progress and start it over.") var restart = false
    @Option(help: "Rows that may have been sent by a run that died.") var onUnknown = UnknownPolicy.resend
    @Option(help: "What a committed claim survives: power-loss (SQLite synchronous=FULL) or process-crash (NORMAL, faster).")
    var durability = JobStore.Durability.powerLoss
    @Flag(help: "No progress display.") var quiet = false
    @Option(help: "Log level.") var logLevel = Logger.Level.notice
    @Option(help: "Log format on standard error (json: one object per line).") var logFormat = LogFormat.text
    @Option(name: .customLong("simulator-log"), help: "With --simulate: JSON Lines log of every simulated request.")
    var simulatorLog: String?

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1...256") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard maxThrottles >= 1 else { throw ValidationError("--max-throttles must be at least 1") }
        guard maxSystematic >= 0 else { throw ValidationError("--max-systematic cannot be negative (0 turns it off)") }
        guard maxOutage > 0 else { throw ValidationError("--max-outage must be positive") }
        guard requestTimeout >= 1 else { throw ValidationError("--request-timeout must be at least 1 second") }
        guard maxOutage.isFinite, requestTimeout.isFinite, drainTimeout.isFinite else {
            throw ValidationError("--max-outage, --request-timeout and --drain-timeout must be finite numbers of seconds")
        }
        guard burst >= 0, drainTimeout >= 0 else { throw ValidationError("--burst and --drain-timeout cannot be negative") }
        if let orgId, orgId <= 0 { throw ValidationError("--org-id must be a positive org id") }
        if workdir == nil && (input == "-" || input.hasPrefix("/dev/") || input.hasPrefix("/proc/")) {
            throw ValidationError("reading \(input == "-" ? "standard input" : input) needs --workdir DIR: the job folder keeps a copy of the input, to resume from")
        }
        if simulate && (cluster != nil || baseURL != nil) {
            throw ValidationError("--simulate cannot be combined with --cluster or --base-url")
        }
        if cluster != nil && baseURL != nil { throw ValidationError("give either --cluster or --base-url, not both") }
        if simulatorLog != nil && !simulate { throw ValidationError("--simulator-log needs --simulate") }
        do {
            _ = try sendRate()
            _ = try quota.map { try SendRate(parsing: $0, option: "--quota") }
        } catch let error as StatusBatchError {
            throw ValidationError(error.message)
        }
    }

    /// The rate asked for, or the default for the target.
    private func sendRate() throws -> SendRate {
        try SendRate(parsing: rate ?? (simulate ? "100/s" : "1/s"))
    }

    func run() throws {
        let logger = LogSetup.logger(level: logLevel, format: logFormat)
        if dryRun {
            let report = try InputValidation.run(inputPath: input, defaults: inputOptions.defaults,
                                                 delimiter: try inputOptions.delimiterCharacter(),
                                                 encoding: inputOptions.encoding, sheet: inputOptions.sheet, rate: try sendRate())
            print(ValidationPrinter.text(report))
            throw ExitCode(report.rejected > 0 ? ExitStatus.rowsFailed.rawValue : ExitStatus.success.rawValue)
        }
        var simulator: SimulatorServer?
        defer { simulator?.shutdown() }
        let endpoint: CapillaryEndpoint
        let targetName: String
        // The credentials and the org key come from one place: the file when given, else the environment.
        let secrets = try self.credentials.map(CapillaryCredentials.fileValues) ?? ProcessInfo.processInfo.environment
        var credentials = try self.credentials.map { try CapillaryCredentials.fromFile($0, values: secrets) }
            ?? CapillaryCredentials.fromEnvironment(secrets)
        if simulate {
            var options = SimulatorOptions()
            options.logPath = simulatorLog
            let server = try SimulatorServer(engine: SimulatorEngine(options: options))
            simulator = server
            endpoint = try CapillaryEndpoint(baseURL: server.baseURL)
            targetName = "simulator"
            credentials = credentials ?? CapillaryCredentials.none
        } else {
            switch (cluster, baseURL) {
            case (let name?, nil): endpoint = try CapillaryEndpoint.cluster(name)
            case (nil, let url?): endpoint = try CapillaryEndpoint(baseURL: url)
            default: throw StatusBatchError.usage("say where to send: --cluster, --base-url, or --simulate")
            }
            targetName = endpoint.baseURL
            guard credentials != nil else {
                throw StatusBatchError.usage(
                    "no credentials: set CAPILLARY_USERNAME and CAPILLARY_PASSWORD (or CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET, or CAPILLARY_OAUTH_TOKEN) in the environment, or use --credentials FILE")
            }
        }
        var configuration = try makeConfiguration(endpoint: endpoint, targetName: targetName,
                                                  credentials: credentials ?? .none)
        configuration.authKey = CapillaryAuthKey(values: secrets)
        let progress = ProgressSetup.display(quiet: quiet)
        defer { progress.finish() }
        let stop = StopSignal()
        let wiring = SignalWiring(stop: stop) { number in
            progress.note("statusbatch: \(number == SIGINT ? "interrupt" : "terminate") received: finishing requests in flight, then stopping (send it again to abort)")
        }
        defer { withExtendedLifetime(wiring) {} }
        let runner = JobRunner(configuration: configuration, stop: stop, logger: logger,
                               onProgress: { progress.update($0) }, onCopyProgress: { progress.copying(bytes: $0) })
        let result = try runner.run()
        progress.finish()
        if ingestOnly {
            let outcomes = result.summary.outcomes
            Console.error("statusbatch: \(result.summary.rows) rows stored in \(result.jobDirectory): \(outcomes["pending"] ?? 0) to send, \(outcomes["rejected"] ?? 0) rejected, \(outcomes["superseded"] ?? 0) superseded; to send them, run the same command without --ingest-only: \(rerunCommand(.resume))")
            throw ExitCode(result.exitStatus.rawValue)
        }
        ConsoleSummary.print(result, input: input, retryCommand: rerunCommand(.failedRows(jobDirectory: result.jobDirectory)),
                             resumeCommand: rerunCommand(.resume))
        throw ExitCode(result.exitStatus.rawValue)
    }

    private func makeConfiguration(endpoint: CapillaryEndpoint, targetName: String,
                                   credentials: CapillaryCredentials) throws -> JobConfiguration {
        let delimiterCharacter = try inputOptions.delimiterCharacter()
        guard input == "-" || FileManager.default.isReadableFile(atPath: input) else {
            throw StatusBatchError.usage("\(input): no such readable file")
        }
        var settings = SendingSettings(rate: try sendRate(), burst: burst, concurrency: concurrency,
                                       retryPolicy: RetryPolicy(maxAttempts: maxAttempts), drainTimeout: drainTimeout)
        settings.adaptive = adaptive.isOn
        if let quota { settings.pace(underQuota: try SendRate(parsing: quota, option: "--quota")) }
        settings.maxThrottles = maxThrottles
        settings.maxOutage = maxOutage
        settings.verify = verify
        settings.recordPrevious = recordPrevious
        settings.maxSystematicFailures = maxSystematic
        settings.requestTimeout = requestTimeout
        settings.requestOptions = StatusUpdateOptions(useAsync: useAsync, attributionType: attributionType,
                                                      attributionCode: attributionCode, orgId: orgId)
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw StatusBatchError.usage("--ca-file \(caFile): no such readable file")
            }
            settings.caFile = caFile
        }
        var configuration = JobConfiguration(
            inputPath: input, workdir: workdir,
            defaults: inputOptions.defaults,
            delimiter: delimiterCharacter, endpoint: endpoint, targetName: targetName, credentials: credentials,
            sending: settings, restart: restart, unknownPolicy: onUnknown)
        configuration.encoding = inputOptions.encoding
        configuration.sheet = inputOptions.sheet
        configuration.durability = durability
        configuration.ingestOnly = ingestOnly
        return configuration
    }
}
