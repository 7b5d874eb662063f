import Foundation
import Testing

/// The command the summary prints to resume a job is complete (every option that shapes the job) and quoted for
/// the shell: pasted as it is, it resumes the job and sends exactly what the first run sent.
@Suite(.serialized)
struct RerunCommandTests {
    @Test func thePrintedResumeCommandPastedIntoAShellResumesTheJob() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificates = try TLSTrustTests.makeCertificates(in: directory)
        let simulator = try SimulatorProcess(in: directory, arguments: [
            "--tls-certificate", certificates.certificate, "--tls-key", certificates.key, "--sim-latency-ms", "20",
            "--sim-require-auth"], environment: TLSTrustTests.credentials)
        let input = directory.appendingPathComponent("rows.csv")
        var text = "mobile,label\n"
        for i in 0..<300 { text += "91\(7_000_000_000 + i)7,Gold\n" }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let credentials = directory.appendingPathComponent("capillary.env").path
        try "CAPILLARY_USERNAME=till.user\nCAPILLARY_PASSWORD=pw\n".write(toFile: credentials, atomically: true, encoding: .utf8)
        chmod(credentials, 0o600)
        let reason = #"it's $HOME's "5 $ off" `x`"#
        let workdir = directory.appendingPathComponent("job folder").path
        let running = try BinaryProcess.start([
            "run", input.path, "--base-url", simulator.baseURL, "--ca-file", certificates.ca, "--credentials", credentials,
            "--reason", reason, "--use-async", "false", "--attribution-type", "TILL", "--attribution-code", "store 7",
            "--org-id", "4242", "--rate", "40/s", "--concurrency", "4", "--workdir", workdir, "--quiet",
        ], in: directory)
        let deadline = Date().addingTimeInterval(30)
        while simulator.requests().count < 40 && Date() < deadline { usleep(50_000) }
        running.signal(SIGINT)
        let stopped = running.wait(timeout: 60)
        #expect(stopped.status == 3, "stderr: \(stopped.stderr)")
        let last = stopped.stderr.split(separator: "\n").last.map(String.init) ?? ""
        let marker = "run the same command again to resume: "
        let command = try #require(last.range(of: marker).map { String(last[$0.upperBound...]) }, "\(last)")
        for word in ["--ca-file", "--credentials", "--use-async false", "--attribution-type TILL",
                     "--attribution-code 'store 7'", "--org-id 4242", "--rate 40/s", "--concurrency 4", "--quiet",
                     "--workdir '\(workdir)'", #"--reason 'it'\''s $HOME'\''s "5 $ off" `x`'"#] {
            #expect(command.contains(word), "\(word) is in \(command)")
        }
        // Pasted into a shell with nothing in the environment: the credentials come from the file it names.
        let resumed = try ShellProcess.run(command, in: directory)
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(try JobFiles.outcomes(URL(fileURLWithPath: workdir))["succeeded"] == 300)
        let successes = simulator.successesPerIdentifier()
        #expect(successes.count == 300 && successes.values.allSatisfy { $0 == 1 }, "each customer updated once")
        let updates = simulator.requests().filter { $0["method"] as? String == "PUT" }
        #expect(updates.allSatisfy {
            ($0["body"] as? [String: Any])?["reason"] as? String == reason && ($0["query"] as? String)?.contains("use_async=false") == true
                && $0["orgId"] as? String == "4242" && $0["attributionCode"] as? String == "store 7"
        }, "both runs sent the same: \(updates.prefix(2))")
    }
}
