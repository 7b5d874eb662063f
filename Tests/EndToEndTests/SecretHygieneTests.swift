import Foundation
import Testing

/// Credentials and the org key are sent and never appear in argv, the job folder, reports, logs or anything the
/// binary prints; OAuth tokens are generated, renewed as they expire, and kept in memory only.
@Suite(.serialized)
struct SecretHygieneTests {
    /// Basic credentials and an org key (the simulator requires both when `CAPILLARY_AUTH_KEY` is set).
    static let basic = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "Pa55-w0rd-XYZZY",
                        "CAPILLARY_AUTH_KEY": "org-key-PLUGH-4711"]
    static let oauth = ["CAPILLARY_CLIENT_KEY": "client-key-QWERTY", "CAPILLARY_CLIENT_SECRET": "client-secret-ZXCVB"]
    /// md5hex("Pa55-w0rd-XYZZY"), as the Basic header carries it.
    static let md5OfPassword = "9f0919d5917be5a4a5ecea25a54579e0"

    /// Every byte of every file in `folder` (recursively), as Latin-1 text so binary files can be searched too.
    static func contents(of folder: URL) -> String {
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return "" }
        var all = ""
        for case let file as URL in files {
            if let data = try? Data(contentsOf: file) { all += String(decoding: data.map { $0 }, as: Unicode.ASCII.self) }
        }
        return all
    }

    @Test(arguments: ["trace", "notice"])
    func basicCredentialsNeverLeak(level: String) throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-auth"], environment: Self.basic)
        let input = try JobFiles.copySample("customers.csv", to: directory)
        let running = try BinaryProcess.start(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                               "--max-attempts", "2", "--org-id", "4242", "--log-level", level],
                                              environment: Self.basic, in: directory)
        // What `ps` shows of the running job: its command line, read while it sends.
        Thread.sleep(forTimeInterval: 1)
        let commandLine = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath:
            "/proc/\(running.process.processIdentifier)/cmdline"))) ?? Data(), as: UTF8.self)
        let run = running.wait()
        #expect(run.status == 1, "stderr: \(run.stderr)")
        #expect(commandLine.contains("--org-id"), "the command line was read while the job ran: \(commandLine)")
        let report = try BinaryProcess.run(["report", input.path + ".statusbatch"], in: directory)
        let status = try BinaryProcess.run(["status", input.path + ".statusbatch"], in: directory)
        let everything = Self.contents(of: URL(fileURLWithPath: input.path + ".statusbatch"))
            + run.stdout + run.stderr + report.stdout + report.stderr + status.stdout + status.stderr + commandLine
        let header = "Basic " + Data("till.user:\(Self.md5OfPassword)".utf8).base64EncodedString()
        for secret in ["Pa55-w0rd-XYZZY", Self.md5OfPassword, String(header.dropFirst(6)), "org-key-PLUGH-4711"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
        // The simulator refuses a request without the key (401): every one carried it, and the org id.
        let requests = simulator.requests()
        #expect(!requests.isEmpty && requests.allSatisfy {
            $0["auth"] as? Bool == true && $0["auth_key"] as? Bool == true && $0["orgId"] as? String == "4242"
                && $0["status"] as? Int != 401
        }, "the credentials, key and org were used")
    }

    @Test func oauthTokensAreRenewedAndNeverStored() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-oauth", "--sim-oauth-ttl", "2"],
                                             environment: Self.oauth)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 250)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                         "--log-level", "trace"], environment: Self.oauth, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 250)
        let requests = simulator.requests()
        let tokenCalls = requests.filter { ($0["path"] as? String) == "/v3/oauth/token/generate" }.count
        #expect(tokenCalls >= 3, "a 2 s token over a 5 s run is renewed: \(tokenCalls)")
        #expect(requests.filter { $0["path"] as? String == "/v2/customers/lookup/status" }
            .allSatisfy { $0["auth_scheme"] as? String == "oauth" && $0["status"] as? Int == 200 })
        let everything = Self.contents(of: job) + run.stdout + run.stderr
        #expect(!everything.contains("client-secret-ZXCVB"))
        #expect(!everything.contains("sim-oauth-"), "tokens stay in memory")
    }

    @Test func aTokenRevokedBeforeItsExpiryIsReplacedOnce() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Tokens announce 300 s but stop working after 1 s: every renewal comes from a 401.
        let simulator = try SimulatorProcess(
            in: directory, arguments: ["--sim-require-oauth", "--sim-oauth-revoke-after", "1"], environment: Self.oauth)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 150)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s",
                                         "--concurrency", "4"], environment: Self.oauth, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))["succeeded"] == 150)
        let requests = simulator.requests()
        let refused = requests.filter { $0["status"] as? Int == 401 }.count
        let tokens = requests.filter { $0["path"] as? String == "/v3/oauth/token/generate" }.count
        #expect(refused >= 1, "the revoked token was refused")
        #expect(tokens >= 2 && tokens <= refused + 1, "one new token per refusal: \(tokens) tokens, \(refused) 401s")
        let successes = simulator.successesPerIdentifier()
        #expect(successes.count == 150 && successes.values.allSatisfy { $0 == 1 })
    }

    @Test func refusedOAuthClientStopsBeforeAnyUpdate() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-oauth", "--sim-xml-401"],
                                             environment: Self.oauth)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 20)
        let wrong = ["CAPILLARY_CLIENT_KEY": "client-key-QWERTY", "CAPILLARY_CLIENT_SECRET": "wrong-secret-123"]
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL], environment: wrong, in: directory)
        #expect(run.status == 3, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("OAuth token generation failed"), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("wrong-secret-123"))
        #expect(!simulator.requests().contains { $0["path"] as? String == "/v2/customers/lookup/status" })
        #expect(try JobFiles.outcomes(URL(fileURLWithPath: input.path + ".statusbatch"))["pending"] == 20)
    }

    @Test func gatewayXML401IsReportedClearly() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-auth", "--sim-xml-401"],
                                             environment: Self.basic)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 20)
        let wrong = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "nope"]
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL], environment: wrong, in: directory)
        #expect(run.status == 3)
        #expect(run.stderr.contains("401") && run.stderr.contains("Invalid credentials"), "stderr: \(run.stderr)")
    }
}
