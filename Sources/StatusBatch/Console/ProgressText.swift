import Foundation

/// The words of a progress report: the one-line terminal status and the plain log line.
public enum ProgressText {
    /// The terminal status line (no control characters), e.g.
    /// `120/1000 rows 12.0% | 50.0/s | ETA 18s | 100 succeeded, 15 failed, 5 retried`.
    /// Gave-up and throttled counts appear only when non-zero.
    public static func terminalLine(_ progress: SendingProgress) -> String {
        let pace = progress.inOutage ? "API down: probing" : rate(progress)
        return "\(doneOfTotal(progress)) | \(pace) | \(eta(progress)) | \(counters(progress, showZeros: false))"
    }

    /// The plain line for logs and CI, e.g. `statusbatch: 120/1000 rows 12.0%, 130 requests: 100 succeeded,
    /// 15 failed, 5 retried, 0 gave up, 10 throttled; rate 50.0/s, ETA 18s`.
    public static func plainLine(_ progress: SendingProgress) -> String {
        let outage = progress.inOutage ? ", API down: probing" : ""
        return "statusbatch: \(doneOfTotal(progress)), \(progress.requests) requests: "
            + "\(counters(progress, showZeros: true)); rate \(rate(progress)), \(eta(progress))\(outage)"
    }

    /// `done/total rows` and the share done, e.g. `120/1000 rows 12.0%` (100% when there is nothing to send).
    static func doneOfTotal(_ progress: SendingProgress) -> String {
        let done = min(progress.done, progress.total)
        let percent = progress.total > 0 ? Double(done) * 100 / Double(progress.total) : 100
        return "\(progress.done)/\(progress.total) rows " + String(format: "%.1f%%", percent)
    }

    /// The request rate in use, e.g. `50.0/s`, and a limit learnt from the API's 429s: `19.8/s (limit 20.0/s learnt)`.
    static func rate(_ progress: SendingProgress) -> String {
        String(format: "%.1f/s", progress.currentRate) + (progress.learntLimit.map { " (\($0.short) learnt)" } ?? "")
    }

    /// The counters, in a fixed order; gave-up and throttled only when non-zero unless `showZeros`.
    static func counters(_ progress: SendingProgress, showZeros: Bool) -> String {
        var parts = ["\(progress.succeeded) succeeded", "\(progress.failed) failed", "\(progress.retrying) retried"]
        if showZeros || progress.gaveUp > 0 { parts.append("\(progress.gaveUp) gave up") }
        if showZeros || progress.throttled > 0 { parts.append("\(progress.throttled) throttled") }
        return parts.joined(separator: ", ")
    }

    /// `ETA 3m12s`: the rows left at the current rate; `ETA --` when unknown (no rate, API down).
    static func eta(_ progress: SendingProgress) -> String {
        let remaining = max(progress.total - progress.done, 0)
        if remaining == 0 { return "ETA 0s" }
        guard !progress.inOutage, progress.currentRate > 0 else { return "ETA --" }
        return "ETA " + duration(Double(remaining) / progress.currentRate)
    }

    /// A size in bytes for people: `512 B`, `12.3 KB`, `45.6 MB`, `1.2 GB` (powers of 1,000).
    public static func size(_ bytes: Int) -> String {
        let value = Double(bytes)
        if value < 1_000 { return "\(bytes) B" }
        if value < 1_000_000 { return String(format: "%.1f KB", value / 1_000) }
        if value < 1_000_000_000 { return String(format: "%.1f MB", value / 1_000_000) }
        return String(format: "%.1f GB", value / 1_000_000_000)
    }

    /// A short duration, rounded up to the second: `42s`, `3m12s`, `2h05m`.
    static func duration(_ seconds: Double) -> String { DurationText.short(min(seconds, 1e9).rounded(.up)) }
}
