import Foundation
import StatusBatch

extension RunCommand {
    /// What a rerun command is for: the same job again, or the job's failed.csv as the next input.
    enum Rerun {
        case resume
        case failedRows(jobDirectory: String)
    }

    /// The command line that runs this job again (`.resume`) or sends its failed.csv (`.failedRows`): the program
    /// as it was invoked and every option given that shapes the job, each word quoted for the shell, so it can be
    /// pasted as it is. Never repeated: `--restart`, `--dry-run` and `--ingest-only` (they are one-off), and for
    /// failed.csv `--workdir`, `--encoding` and `--sheet` (failed.csv is a UTF-8 CSV with a job folder of its own).
    func rerunCommand(_ rerun: Rerun) -> String {
        var words = [CommandLine.arguments.first ?? "statusbatch", "run"]
        switch rerun {
        case .resume: words.append(input)
        case .failedRows(let jobDirectory): words.append(jobDirectory + "/failed.csv")
        }
        func add(_ name: String, _ value: String?) { if let value { words += ["--" + name, value] } }
        func add<T: Equatable>(_ name: String, _ value: T, unless standard: T, _ text: (T) -> String) {
            if value != standard { add(name, text(value)) }
        }
        if simulate { words.append("--simulate") }
        add("cluster", cluster)
        add("base-url", baseURL)
        add("simulator-log", simulatorLog)
        add("credentials", credentials)
        add("ca-file", caFile)
        add("org-id", orgId.map(String.init))
        add("use-async", useAsync.map(String.init))
        add("attribution-type", attributionType)
        add("attribution-code", attributionCode)
        if case .failedRows = rerun {
            words += inputOptions.arguments(reading: false)
        } else {
            words += inputOptions.arguments(reading: true)
            add("workdir", workdir)
        }
        add("rate", rate)
        add("burst", burst, unless: 0, String.init)
        add("concurrency", concurrency, unless: SendingSettings.defaultConcurrency, String.init)
        add("max-attempts", maxAttempts, unless: RetryPolicy.defaultMaxAttempts, String.init)
        add("drain-timeout", drainTimeout, unless: SendingSettings.defaultDrainTimeout, \.description)
        add("quota", quota)
        add("adaptive", adaptive, unless: .on, \.rawValue)
        add("max-throttles", maxThrottles, unless: SendingSettings.defaultMaxThrottles, String.init)
        add("request-timeout", requestTimeout, unless: SendingSettings.defaultRequestTimeout, \.description)
        add("max-outage", maxOutage, unless: SendingSettings.defaultMaxOutage, \.description)
        add("verify", verify, unless: .uncertain, \.rawValue)
        if recordPrevious { words.append("--record-previous") }
        add("max-systematic", maxSystematic, unless: SendingSettings.defaultMaxSystematicFailures, String.init)
        add("on-unknown", onUnknown, unless: .resend, \.rawValue)
        add("durability", durability, unless: .powerLoss, \.rawValue)
        if quiet { words.append("--quiet") }
        add("log-level", logLevel, unless: .notice, \.rawValue)
        add("log-format", logFormat, unless: .text, \.rawValue)
        return ShellWords.join(words)
    }
}
