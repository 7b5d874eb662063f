import Foundation
import Testing

/// A leaky-bucket limit (the simulator's nginx `limit_req` model, 429 with Retry-After: 1) learnt from the
/// 429s spread between admissions (issue 14's shape: 20/s, burst 5, `--rate 50/s`): a few refusals while learning,
/// then paced just under it.
@Suite(.serialized)
struct BucketLimitTests {
    @Test func aBucketIsLearntWithFewRefusalsAndPacedJustUnderIt() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-limit-rate", "20", "--sim-limit-burst", "5"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 1_700)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s", "--quiet"],
                                        environment: PacingTests.credentials, in: directory, timeout: 240)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let requests = simulator.requests().compactMap { request -> (Int, Int)? in
            guard let time = request["t"] as? Int, let status = request["status"] as? Int else { return nil }
            return (time, status)
        }.sorted { $0.0 < $1.0 }
        let refused = requests.filter { $0.1 == 429 }
        // The issue's ≤ 10 is for a quiet machine (Benchmarks/bucket_limit.sh); here the suite's other tests share
        // the two cores, which blurs the cycles' timing and can cost a cycle or two more.
        #expect(!refused.isEmpty && refused.count <= 14, "refusals: \(refused.count)")
        // The last 20 s (learning is over by then) use ≥ 93 % of 20/s; the unit tests hold the 97 % without this
        // machine's load.
        let end = try #require(requests.last?.0)
        let lastSpan = requests.filter { $0.0 >= end - 20_000 }
        #expect(lastSpan.allSatisfy { $0.1 != 429 }, "refused in the last 20 s")
        #expect(lastSpan.count >= Int(0.93 * 20 * 20), "accepted in the last 20 s: \(lastSpan.count)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        let audit = try #require(JobFiles.summary(job)["rate_audit"] as? [String: Any])
        let limit = try #require(audit["learnt_limit"] as? [String: Any], "\(audit)")
        let rate = try #require(limit["rate"] as? Double)
        #expect(limit["shape"] as? String == "bucket" && rate >= 19.5 && rate <= 20.5, "\(limit)")
        let status = try BinaryProcess.run(["status", job.path], environment: [:], in: directory)
        #expect(status.stdout.contains("learnt limit: ") && status.stdout.contains("a leaky bucket"), "\(status.stdout)")
        let html = try String(contentsOf: job.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Learnt limit: "))
    }
}
