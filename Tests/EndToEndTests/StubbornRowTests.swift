import Foundation
import Testing

/// Rows that always get 429, 503 or 500 end `gave_up` with `--max-attempts 3` instead of holding the job, and
/// the 429s that follow one row do not slow the pool.
@Suite(.serialized)
struct StubbornRowTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    @Test func rowsThatAlwaysFailGiveUpAndTheirThrottlesDoNotSlowThePool() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        // The simulator answers values ending 0429 with 429 (Retry-After: 1), 0503 with 503, 0500 with 500.
        var text = "mobile,label,reason\n"
        for i in 0..<600 {
            let suffix = [100: "0429", 300: "0429", 500: "0429", 150: "0503", 350: "0503", 200: "0500"][i]
            text += suffix.map { "9193\(1000 + i)\($0)" } ?? "91\(7_000_000_000 + i)7"
            text += ",Gold,campaign\n"
        }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let started = Date()
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s",
                                         "--max-attempts", "3", "--quiet"], environment: Self.credentials, in: directory,
                                        timeout: 120)
        let seconds = Date().timeIntervalSince(started)
        #expect(run.status == 1, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        let results = try JobFiles.results(job)
        let stubborn = results.filter { ["0429", "0503", "0500"].contains(String(($0["identifierValue"] ?? "").suffix(4))) }
        #expect(stubborn.count == 6 && stubborn.allSatisfy { $0["outcome"] == "gave_up" })
        #expect(results.filter { $0["outcome"] == "succeeded" }.count == 594)
        let audit = try #require(try JobFiles.summary(job)["rate_audit"] as? [String: Any])
        #expect(audit["rate_decreases"] as? Int == 0, "a row's own 429s do not lower the rate: \(audit)")
        #expect(seconds < 60, "the job ended in \(seconds) s")
        let throttled = stubborn.filter { $0["code"] == "429" }.compactMap { Int($0["attempts"] ?? "") }
        // The first 429, three that follow the row from the throttle budget, then the three attempts (one spare).
        #expect(throttled.count == 3 && throttled.allSatisfy { $0 <= 8 }, "requests per always-429 row: \(throttled)")
    }

    @Test func aTailOfAlwaysFailingRowsEndsGaveUpWhileReadsAnswer() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        // The last 60 of 400 rows always get 503: once they are all that is left, they look like an outage.
        var text = "mobile,label,reason\n"
        for i in 0..<400 { text += (i < 340 ? "91\(7_000_000_000 + i)7" : "9193\(1000 + i)0503") + ",Gold,campaign\n" }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "200/s",
                                         "--max-attempts", "3", "--quiet"], environment: Self.credentials, in: directory,
                                        timeout: 120)
        #expect(run.status == 1, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        let outcomes = try JobFiles.outcomes(job)
        #expect(outcomes["succeeded"] == 340 && outcomes["gave_up"] == 60, "\(outcomes)")
        let results = try JobFiles.results(job).filter { $0["outcome"] == "gave_up" }
        // Three attempts each; a request answered while an outage was suspected was free, so a few rows made more,
        // but not many: the suspicion is dismissed by one read.
        let requests = results.map { Int($0["attempts"] ?? "") ?? 0 }
        #expect(results.allSatisfy { $0["code"] == "503" } && requests.reduce(0, +) <= 60 * 3 + 30, "\(requests)")
        // A health read found the API up: the failures were the rows', and no outage was recorded.
        let lookups = simulator.requests().filter { $0["method"] as? String == "GET" }
        #expect(!lookups.isEmpty && lookups.allSatisfy { $0["status"] as? Int == 200 }, "health reads: \(lookups.count)")
        let audit = try #require(try JobFiles.summary(job)["rate_audit"] as? [String: Any])
        let paused = audit["paused_seconds"] as? [String: Double] ?? [:]
        #expect(paused["outage"] == nil && paused["health_check"] != nil, "paused: \(paused)")
    }
}
