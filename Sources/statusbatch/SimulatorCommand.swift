import ArgumentParser
import CapillarySimulator
import Foundation
import StatusBatch

/// `statusbatch simulator`: the stand-in Capillary endpoint as a standalone server.
struct SimulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve a simulated Capillary Update Customer Status endpoint on a loopback port.")

    @Option(help: "Port to listen on (0 picks a free one; the chosen port is printed).") var port = 8080
    @Option(help: "Address to bind (loopback only).") var host = "127.0.0.1"
    @Option(help: "Serve HTTPS with this PEM certificate chain (with --tls-key).") var tlsCertificate: String?
    @Option(help: "The PEM private key of --tls-certificate.") var tlsKey: String?
    @OptionGroup var behaviour: SimulatorFlags

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
    }

    func run() throws {
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" else {
            throw StatusBatchError.usage("--host \(host): the simulator listens on loopback addresses only")
        }
        let stop = StopSignal()
        let tls = tlsCertificate.flatMap { certificate in tlsKey.map { (certificate: certificate, key: $0) } }
        let server = try SimulatorServer(engine: SimulatorEngine(options: behaviour.options()), host: host, port: port,
                                         threads: 2, tls: tls)
        let wiring = SignalWiring(stop: stop) { _ in server.close() }
        FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
        try server.waitUntilClosed()
        withExtendedLifetime(wiring) {}
        server.shutdown()
    }
}

/// The simulator's behaviour, shared by `simulator` and `run --simulate`.
struct SimulatorFlags: ParsableArguments {
    @Option(name: .customLong("sim-seed"), help: "Seed for every random choice of the simulator.") var seed: UInt64 = 1
    @Option(name: .customLong("sim-labels"), help: "Comma-separated status labels the simulated org knows.")
    var labels: String?
    @Option(name: .customLong("sim-customers"), help: "File of known customers, one 'identifierName,value' per line.")
    var customers: String?
    @Option(name: .customLong("sim-per-second"), help: "Requests allowed per rolling second (0: no limit).")
    var perSecond = 0
    @Option(name: .customLong("sim-per-minute"), help: "Requests allowed per rolling minute (0: no limit).")
    var perMinute = 0
    @Option(name: .customLong("sim-window-limit"),
            help: "Requests allowed per fixed window of --sim-window-seconds, counted from the simulator's start (0: no limit).")
    var windowLimit = 0
    @Option(name: .customLong("sim-window-seconds"), help: "The length of the --sim-window-limit windows.")
    var windowSeconds = 60.0
    @Option(name: .customLong("sim-limit-rate"), help: "nginx limit_req-style limit in requests/s, metered per millisecond (0: none).")
    var limitRate = 0.0
    @Option(name: .customLong("sim-limit-burst"), help: "Extra requests the limit_req-style limit lets through.")
    var limitBurst = 0
    @Option(name: .customLong("sim-outage"), help: "START:DURATION in seconds after start during which every request gets 503 (repeatable).")
    var outages: [String] = []
    @Flag(name: .customLong("sim-outage-spares-reads"),
          help: "During --sim-outage windows only the status PUT fails; the read calls keep answering.")
    var outageSparesReads = false
    @Flag(name: .customLong("sim-no-retry-after"), help: "Answer 429 without a Retry-After header.")
    var noRetryAfter = false
    @Option(name: .customLong("sim-failure-rate"), help: "Fraction of requests answered 503 (0...1).")
    var failureRate = 0.0
    @Option(name: .customLong("sim-drop-rate"), help: "Fraction of connections closed without an answer (0...1).")
    var dropRate = 0.0
    @Option(name: .customLong("sim-apply-drop-rate"),
            help: "Fraction of status updates applied, then answered by closing the connection (0...1).")
    var applyDropRate = 0.0
    @Option(name: .customLong("sim-apply-late-rate"),
            help: "Fraction of status updates applied, then answered 200 only after --sim-apply-late-seconds (0...1).")
    var applyLateRate = 0.0
    @Option(name: .customLong("sim-apply-late-seconds"),
            help: ArgumentHelp("How long a late answer (--sim-apply-late-rate) is held.", valueName: "seconds"))
    var applyLateSeconds = 30.0
    @Option(name: .customLong("sim-html200-rate"),
            help: "Fraction of status updates not applied and answered 200 with a text/html maintenance page (0...1).")
    var html200Rate = 0.0
    @Option(name: .customLong("sim-refuse-reads"),
            help: "Refuse the read calls (customer lookup, statusLog): forbidden (403) or not-found (404, a gateway without them).")
    var refuseReads: ReadRefusal?
    @Option(name: .customLong("sim-latency-ms"), help: "Latency added to every answer, in milliseconds.")
    var latencyMs = 0.0
    @Option(name: .customLong("sim-latency-jitter-ms"), help: "Up to this much extra latency, in milliseconds.")
    var latencyJitterMs = 0.0
    @Option(name: .customLong("sim-log"), help: "Write a JSON Lines log of every request to this file.")
    var log: String?
    @Flag(name: .customLong("sim-require-auth"),
          help: "Require Basic credentials equal to CAPILLARY_USERNAME / CAPILLARY_PASSWORD from the environment (and X-CAP-API-AUTH-KEY equal to CAPILLARY_AUTH_KEY when that is set).")
    var requireAuth = false
    @Flag(name: .customLong("sim-require-oauth"),
          help: """
            Issue OAuth tokens (POST /v3/oauth/token/generate) for CAPILLARY_CLIENT_KEY / CAPILLARY_CLIENT_SECRET \
            from the environment and accept them as X-CAP-API-OAUTH-TOKEN.
            """)
    var requireOAuth = false
    @Option(name: .customLong("sim-oauth-ttl"), help: ArgumentHelp("Seconds an issued OAuth token stays valid.", valueName: "seconds"))
    var oauthTTL = 300.0
    @Option(name: .customLong("sim-oauth-revoke-after"),
            help: ArgumentHelp("Tokens stop working this many seconds after issue, before their announced expiry.", valueName: "seconds"))
    var oauthRevokeAfter: Double?
    @Flag(name: .customLong("sim-xml-401"), help: "Answer every 401 like a gateway: application/xml with a <fault> body.")
    var xml401 = false

    func options() throws -> SimulatorOptions {
        var options = SimulatorOptions()
        options.seed = seed
        if let labels { options.labels = Set(labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        if let customers {
            guard let text = try? String(contentsOfFile: customers, encoding: .utf8) else {
                throw StatusBatchError.usage("--sim-customers \(customers): cannot read the file")
            }
            options.knownCustomers = Set(text.split(whereSeparator: \.isNewline).compactMap { line in
                let parts = line.split(separator: ",", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                return parts[0].trimmingCharacters(in: .whitespaces).lowercased() + ":" + parts[1].trimmingCharacters(in: .whitespaces)
            })
        }
        options.limitRate = limitRate
        options.limitBurst = limitBurst
        options.outages = try outages.map { text in
            let parts = text.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 2, parts[0] >= 0, parts[1] > 0 else {
                throw StatusBatchError.usage("--sim-outage \(text): expected START:DURATION in seconds, e.g. 10:30")
            }
            return (parts[0], parts[1])
        }
        options.outagesSpareReads = outageSparesReads
        options.perSecondLimit = perSecond
        options.perMinuteLimit = perMinute
        guard windowSeconds > 0 else { throw StatusBatchError.usage("--sim-window-seconds must be more than 0") }
        options.fixedWindowLimit = windowLimit
        options.fixedWindowSeconds = windowSeconds
        options.retryAfterOn429 = !noRetryAfter
        let rates = [("--sim-failure-rate", failureRate), ("--sim-drop-rate", dropRate),
                     ("--sim-apply-drop-rate", applyDropRate), ("--sim-apply-late-rate", applyLateRate),
                     ("--sim-html200-rate", html200Rate)]
        for (flag, rate) in rates where !(0...1).contains(rate) {
            throw StatusBatchError.usage("\(flag) \(rate): expected a fraction between 0 and 1")
        }
        options.failureRate = failureRate
        options.dropRate = dropRate
        options.applyThenDropRate = applyDropRate
        options.applyThenLateRate = applyLateRate
        guard applyLateSeconds >= 0, applyLateSeconds.isFinite else {
            throw StatusBatchError.usage("--sim-apply-late-seconds \(applyLateSeconds): expected a number of seconds, 0 or more")
        }
        options.lateAnswerSeconds = applyLateSeconds
        options.html200Rate = html200Rate
        options.readsRefused = refuseReads
        options.latencyMs = latencyMs
        options.latencyJitterMs = latencyJitterMs
        options.logPath = log
        if requireAuth {
            guard let credentials = try CapillaryCredentials.fromEnvironment(ProcessInfo.processInfo.environment) else {
                throw StatusBatchError.usage("--sim-require-auth needs CAPILLARY_USERNAME and CAPILLARY_PASSWORD in the environment")
            }
            options.expectedAuthorization = credentials.headers.first?.1
            options.expectedAuthKey = CapillaryAuthKey(values: ProcessInfo.processInfo.environment)?.headers.first?.1
        }
        if requireOAuth {
            let environment = ProcessInfo.processInfo.environment
            guard let key = environment["CAPILLARY_CLIENT_KEY"], !key.isEmpty,
                  let secret = environment["CAPILLARY_CLIENT_SECRET"], !secret.isEmpty else {
                throw StatusBatchError.usage("--sim-require-oauth needs CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET in the environment")
            }
            options.oauthKey = key
            options.oauthSecret = secret
        }
        guard oauthTTL > 0, oauthTTL.isFinite else {
            throw StatusBatchError.usage("--sim-oauth-ttl \(oauthTTL): expected a positive number of seconds")
        }
        options.oauthTTL = oauthTTL
        if let oauthRevokeAfter {
            guard oauthRevokeAfter > 0, oauthRevokeAfter.isFinite else {
                throw StatusBatchError.usage("--sim-oauth-revoke-after \(oauthRevokeAfter): expected a positive number of seconds")
            }
            options.oauthRevokeAfter = oauthRevokeAfter
        }
        options.xml401 = xml401
        return options
    }
}

extension ReadRefusal: ExpressibleByArgument {}
