import Foundation
import Testing

/// Stopping a run by signal, then running the same command again, loses and repeats nothing.
@Suite(.serialized)
struct InterruptionTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    /// Waits until the simulator has seen at least `count` requests (or 30 s pass).
    private func waitForRequests(_ simulator: SimulatorProcess, atLeast count: Int) {
        let deadline = Date().addingTimeInterval(30)
        while simulator.requests().count < count && Date() < deadline { usleep(50_000) }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func gracefulStopThenResume(signal: Int32) throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-latency-ms", "20"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let arguments = ["run", input.path, "--base-url", simulator.baseURL, "--rate", "100/s"]
        let running = try BinaryProcess.start(arguments, environment: Self.credentials, in: directory)
        waitForRequests(simulator, atLeast: 40)
        running.signal(signal)
        let stopped = running.wait(timeout: 60)
        #expect(stopped.status == 3, "stderr: \(stopped.stderr)")
        // The last line says why the run ended and what to do.
        let last = stopped.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("ended early: stopped on request (") && last.contains(" row(s) left); run the same command again to resume: "),
                "\(last)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        let afterStop = try JobFiles.outcomes(job)
        #expect(afterStop["unknown"] == 0, "a graceful stop leaves nothing in flight")
        #expect((afterStop["pending"] ?? 0) > 0)

        let resumed = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 300)
        let successes = simulator.successesPerIdentifier()
        #expect(successes.count == 300)
        #expect(successes.values.allSatisfy { $0 == 1 }, "no row that succeeded was sent again")
    }

    @Test func killedRunResumesAndFlagsOnlyRowsThatMayHaveBeenSent() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-latency-ms", "30"])
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 300)
        let concurrency = 8
        let arguments = ["run", input.path, "--base-url", simulator.baseURL, "--rate", "150/s",
                         "--concurrency", String(concurrency)]
        let running = try BinaryProcess.start(arguments, environment: Self.credentials, in: directory)
        waitForRequests(simulator, atLeast: 60)
        running.signal(SIGKILL)
        _ = running.wait(timeout: 10)

        let resumed = try BinaryProcess.run(arguments, environment: Self.credentials, in: directory)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        let results = try JobFiles.results(job)
        #expect(results.count == 300)
        #expect(results.allSatisfy { $0["outcome"] == "succeeded" })
        let flagged = Set(results.filter { $0["resent_after_unknown"] == "yes" }.map { $0["identifierValue"] ?? "" })
        // Rows in flight at the kill: at most the concurrency plus one claim batch.
        #expect(flagged.count <= concurrency * 2)
        for (identifier, count) in simulator.successesPerIdentifier() where count > 1 {
            #expect(flagged.contains(identifier), "\(identifier) succeeded \(count) times but is not flagged")
        }
        #expect(simulator.successesPerIdentifier().count == 300)
    }
}
