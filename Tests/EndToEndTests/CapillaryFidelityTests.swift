import Foundation
import Testing

/// Parameters reach the wire as the API expects them; answers are traced per row; validate sends nothing.
@Suite(.serialized)
struct CapillaryFidelityTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    @Test func everyParameterReachesTheWire() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory)
        let input = directory.appendingPathComponent("rows.csv")
        try #"""
            identifierName,identifierValue,label,reason,source,accountId,createdOn
            MOBILE,+919800000017,Gold,"tier, ""review""",instore,,2026-01-31T09:30:00Z
            email,a+b@example.com,VIP,review,WECHAT,acc-1,
            externalId,EXT 7/ü&=#%?,Silver,review,INSTORE,,
            """#.write(to: input, atomically: true, encoding: .utf8)
        let run = try BinaryProcess.run(
            ["run", input.path, "--base-url", simulator.baseURL, "--rate", "50/s", "--use-async", "true",
             "--attribution-type", "TILL", "--attribution-code", "store.1"], environment: Self.credentials, in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let requests = simulator.requests()
        #expect(requests.count == 3)
        let byValue = Dictionary(uniqueKeysWithValues: requests.map { ($0["identifierValue"] as? String ?? "", $0) })
        let first = try #require(byValue["+919800000017"])
        #expect(first["identifierName"] as? String == "mobile", "canonical spelling on the wire")
        #expect(first["source"] as? String == "INSTORE")
        #expect((first["query"] as? String)?.contains("identifierValue=%2B919800000017") == true)
        #expect((first["query"] as? String)?.contains("use_async=true") == true)
        #expect(requests.allSatisfy { $0["attributionType"] as? String == "TILL" && $0["attributionCode"] as? String == "store.1" })
        let body = first["body"] as? [String: Any]
        #expect(body?["reason"] as? String == "tier, \"review\"")
        #expect(body?["createdOn"] as? String == "2026-01-31T09:30:00Z")
        #expect(byValue["a+b@example.com"]?["accountId"] as? String == "acc-1")
        #expect(byValue["EXT 7/ü&=#%?"] != nil, "percent-encoded and decoded back exactly")
        // Every answered row carries the answer's X-Cap-RequestID.
        let results = try JobFiles.results(URL(fileURLWithPath: input.path + ".statusbatch"))
        #expect(results.allSatisfy { ($0["request_id"] ?? "").count >= 32 }, "\(results.map { $0["request_id"] ?? "" })")
    }

    @Test func validateReadsEverythingAndSendsNothing() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try JobFiles.copySample("customers.csv", to: directory)
        let run = try BinaryProcess.run(["validate", input.path, "--rate", "10/s"], in: directory)
        #expect(run.status == 1, "rows would be rejected: \(run.stderr)")
        #expect(run.stdout.contains("would send  250"))
        #expect(run.stdout.contains("rejected    41"))
        #expect(run.stdout.contains("superseded  9"))
        #expect(run.stdout.contains("estimate: 250 API calls, 25 s at 10/s"))
        #expect(!FileManager.default.fileExists(atPath: input.path + ".statusbatch"), "validate leaves no job behind")
        let dryRun = try BinaryProcess.run(["run", input.path, "--simulate", "--dry-run", "--rate", "10/s"], in: directory)
        #expect(dryRun.status == 1)
        #expect(dryRun.stdout == run.stdout)

        let clean = directory.appendingPathComponent("clean.csv")
        try JobFiles.writeValidCSV(clean, count: 5)
        #expect(try BinaryProcess.run(["validate", clean.path], in: directory).status == 0)
        let hostile = directory.appendingPathComponent("hostile.csv")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: hostile)
        let refused = try BinaryProcess.run(["validate", hostile.path], in: directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not a text file"))
    }

    @Test func credentialsFileMustBePrivate() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(in: directory, arguments: ["--sim-require-auth"], environment: Self.credentials)
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 5)
        let file = directory.appendingPathComponent("capillary.env")
        try "# till credentials\nCAPILLARY_USERNAME=till.user\nCAPILLARY_PASSWORD='pw'\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let open = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--credentials", file.path],
                                         in: directory)
        #expect(open.status == 2)
        #expect(open.stderr.contains("chmod 600"), "stderr: \(open.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let run = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--credentials", file.path,
                                         "--rate", "50/s"], in: directory)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(simulator.requests().allSatisfy { $0["auth"] as? Bool == true })
    }
}
