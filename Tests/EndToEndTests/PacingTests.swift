import Foundation
import Testing

/// Pacing against the simulator's limits and outages: no refusals at the limit, adaptation below it,
/// and an outage waited out without spending rows' attempts.
@Suite(.serialized)
struct PacingTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    private func statuses(_ simulator: SimulatorProcess) -> [Int] {
        simulator.requests().compactMap { $0["status"] as? Int }
    }

    @Test func atTheServersLimitNothingIsRefused() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-limit-rate", "50", "--sim-limit-burst", "5"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 250)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s"],
                                        environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(!statuses(simulator).contains(429))
        let audit = try JobFiles.summary(URL(fileURLWithPath: input.path + ".statusbatch"))["rate_audit"] as? [String: Any]
        #expect(audit?["responses429"] as? Int == 0)
        let maxPerSecond = audit?["max_requests_in_one_second"] as? Int ?? 0
        #expect(maxPerSecond >= 45 && maxPerSecond <= 56, "max requests in any 1 s: \(maxPerSecond)")
    }

    @Test func belowTheRequestedRateTheRateAdaptsAndEveryRowSucceeds() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-limit-rate", "20", "--sim-limit-burst", "5"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                         "--max-attempts", "2"], environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 300)
        let refused = statuses(simulator).filter { $0 == 429 }.count
        #expect(refused > 0, "the limit was below the rate, so some requests were refused")
        #expect(refused <= 30, "adaptation keeps refusals rare: \(refused)")
        let audit = try JobFiles.summary(job)["rate_audit"] as? [String: Any]
        #expect((audit?["rate_decreases"] as? Int ?? 0) >= 1)
        #expect((audit?["final_rate_per_second"] as? Double ?? 50) < 50)
    }

    @Test func anOutageIsWaitedOutWithoutSpendingAttempts() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-outage", "1:4"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                         "--max-attempts", "3"], environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        let outcomes = try JobFiles.outcomes(job)
        #expect(outcomes["succeeded"] == 300)
        #expect(outcomes["gave_up"] == 0)
        #expect(statuses(simulator).filter { $0 == 503 }.count >= 20, "the outage was seen")
        let audit = try JobFiles.summary(job)["rate_audit"] as? [String: Any]
        let paused = audit?["paused_seconds"] as? [String: Double] ?? [:]
        #expect((paused["outage"] ?? 0) > 0, "paused: \(paused)")
        // The outage began with a health read (a lookup), which failed like the updates.
        let lookups = simulator.requests().filter { $0["method"] as? String == "GET" }
        #expect(!lookups.isEmpty && lookups.allSatisfy { $0["status"] as? Int == 503 }, "health reads: \(lookups)")
    }

    @Test func aWriteOutageWithReadsAnsweringIsTakenForFailingRowsThatRetry() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-outage", "1:1", "--sim-outage-spares-reads"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "100/s"],
                                        environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 300)
        // The health read answered, so no outage was recorded: the rows retried within their attempts.
        let lookups = simulator.requests().filter { $0["method"] as? String == "GET" }
        #expect(!lookups.isEmpty && lookups.allSatisfy { $0["status"] as? Int == 200 }, "health reads: \(lookups)")
        let audit = try JobFiles.summary(job)["rate_audit"] as? [String: Any]
        let paused = audit?["paused_seconds"] as? [String: Double] ?? [:]
        #expect(paused["outage"] == nil && paused["health_check"] != nil, "paused: \(paused)")
    }

    @Test func aWindowQuotaIsLearntAndUsedFromTheSecondWindowOn() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 100 requests per fixed 10 s window, 429 without Retry-After (a 600-a-minute quota, six times faster).
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-window-limit", "100", "--sim-window-seconds", "10",
                                                                        "--sim-no-retry-after"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 400)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "30/s", "--quiet"],
                                        environment: Self.credentials, in: directory, timeout: 120)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        var accepted: [Int: Int] = [:], refused: [Int: Int] = [:]
        for request in simulator.requests() {
            guard let window = request["window"] as? Int, let status = request["status"] as? Int else { continue }
            if status == 429 { refused[window, default: 0] += 1 } else { accepted[window, default: 0] += 1 }
        }
        let first = try #require(accepted.keys.min())
        let last = try #require(accepted.keys.max())
        // The first boundary is found by one try a second during the first run of refusals, so the second window
        // starts up to a second late: up to a tenth of a 10 s window, depending on where the job started against
        // the windows (a 60 s window loses under 2 %; docs/benchmarks.md). From the third window on, the windows
        // the job sent through to its end use ≥ 95 % of the quota together, and none much less (the per-window
        // ≥ 95 % is WindowQuotaLearnerTests', free of this machine's load).
        let perWindow = "accepted per window: \((first...last).map { accepted[$0] ?? 0 })"
        #expect(accepted[first + 1, default: 0] >= 85, "\(perWindow)")
        let full = (first + 2..<last).map { accepted[$0] ?? 0 }
        #expect(!full.isEmpty && full.reduce(0, +) >= 95 * full.count && full.allSatisfy { $0 >= 85 }, "\(perWindow)")
        let later = refused.filter { $0.key > first }.values.reduce(0, +)
        #expect(later <= 5, "refusals after the first window: \(later); per window \(refused)")
        let summary = try JobFiles.summary(URL(fileURLWithPath: input.path + ".statusbatch"))
        let audit = try #require(summary["rate_audit"] as? [String: Any])
        let final = try #require(audit["final_rate_per_second"] as? Double)
        #expect(final > 9 && final <= 10.5, "the pace under 100 per 10 s: \(final)")
        // The job keeps what it learnt: `status` shows it, and a rerun would start there.
        let status = try BinaryProcess.run(["status", input.path + ".statusbatch"], environment: [:], in: directory)
        #expect(status.stdout.contains("learnt limit: ") && status.stdout.contains(" requests per "), "\(status.stdout)")
    }

    @Test func aKnownQuotaIsPacedJustUnderItWithoutRefusals() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // 50 requests per fixed 10 s window (300 a minute), 429 without Retry-After.
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-window-limit", "50", "--sim-window-seconds", "10",
                                                                        "--sim-no-retry-after"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 100)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                         "--quota", "300/m", "--quiet"], environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(!statuses(simulator).contains(429), "paced under the quota, nothing is refused")
        // Evenly at 294/m: about 49 requests in any 10 s, never more than the window's 50.
        let times = simulator.requests().compactMap { $0["t"] as? Int }.sorted()
        let busiest = times.indices.map { index in times[index...].prefix { $0 < times[index] + 10_000 }.count }.max() ?? 0
        #expect((46...50).contains(busiest), "most requests in any 10 s: \(busiest)")
        let summary = try JobFiles.summary(URL(fileURLWithPath: input.path + ".statusbatch"))
        #expect(summary["configured_rate"] as? String == "294/m", "\(summary["configured_rate"] ?? "none")")
    }

    @Test func aLongOutageStopsTheJobResumably() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-outage", "0:600"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 100)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                         "--max-outage", "4"], environment: Self.credentials, in: directory)
        #expect(run.status == 3, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("failed every request"), "stderr: \(run.stderr)")
        let outcomes = try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))
        #expect(outcomes["gave_up"] == 0)
        #expect(outcomes["pending"] == 100, "every row stays resumable: \(outcomes)")
        #expect(simulator.requests().count < 40, "probes, not a flood: \(simulator.requests().count)")
    }
}
