import Foundation
import Testing

/// `--ca-file` against the simulator serving HTTPS with a certificate this test makes (openssl): without it the
/// job stops at the first request with the hint, with it every row succeeds.
@Suite(.serialized)
struct TLSTrustTests {
    static let credentials = ["CAPILLARY_USERNAME": "till.user", "CAPILLARY_PASSWORD": "pw"]

    /// A certificate authority and a server certificate for 127.0.0.1 it signed, in `directory`.
    static func makeCertificates(in directory: URL) throws -> (ca: String, certificate: String, key: String) {
        let script = """
            set -e
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=StatusBatch Test CA' \
              -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1' 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
              -extfile server.ext 2>/dev/null
            """
        let made = try ShellProcess.run(script, in: directory)
        try #require(made.status == 0, "openssl: \(made.stderr)")
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        return (path("ca.pem"), path("server.pem"), path("server.key"))
    }

    @Test func aPrivateCertificateAuthorityIsTrustedOnlyWithCAFile() throws {
        let directory = try JobFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.makeCertificates(in: directory)
        let simulator = try SimulatorProcess(in: directory, arguments: ["--tls-certificate", files.certificate,
                                                                        "--tls-key", files.key])
        #expect(simulator.baseURL.hasPrefix("https://127.0.0.1:"))
        let input = directory.appendingPathComponent("rows.csv")
        try JobFiles.writeValidCSV(input, count: 50)
        let untrusted = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "100/s"],
                                              environment: Self.credentials, in: directory)
        #expect(untrusted.status == 3, "stderr: \(untrusted.stderr)")
        #expect(untrusted.stderr.contains("TLS handshake failed") && untrusted.stderr.contains("--ca-file"),
                "the hint: \(untrusted.stderr)")
        let job = URL(fileURLWithPath: input.path + ".statusbatch")
        #expect(try JobFiles.outcomes(job)["pending"] == 50, "nothing was spent on the refused handshake")
        #expect(simulator.requests().isEmpty, "no request got through")
        let trusted = try BinaryProcess.run(["run", input.path, "--base-url", simulator.baseURL, "--rate", "100/s",
                                             "--ca-file", files.ca], environment: Self.credentials, in: directory)
        #expect(trusted.status == 0, "stderr: \(trusted.stderr)")
        #expect(try JobFiles.outcomes(job)["succeeded"] == 50)
        let successes = simulator.successesPerIdentifier()
        #expect(successes.count == 50 && successes.values.allSatisfy { $0 == 1 })
    }
}
