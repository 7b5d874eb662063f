import Foundation
import Testing
@testable import StatusBatch

/// CapillaryCredentials: the Basic header (username : md5hex(password)), environment, redaction.
@Suite("CapillaryCredentials")
struct CapillaryCredentialsTests {
    /// `printf '%s' stub-pass | md5sum`
    static let stubPassMD5 = "89effc264e0483d83578fdb360b404f2"

    @Test("Basic header is base64 of username:md5hex(password)")
    func basicHeader() throws {
        #expect(MD5.hex("stub-pass") == Self.stubPassMD5)
        let expected = "Basic " + Data("stub-till:\(Self.stubPassMD5)".utf8).base64EncodedString()
        #expect(expected == "Basic c3R1Yi10aWxsOjg5ZWZmYzI2NGUwNDgzZDgzNTc4ZmRiMzYwYjQwNGYy")
        let headers = CapillaryCredentials.basic(username: "stub-till", password: "stub-pass").headers
        #expect(headers.count == 1)
        #expect(headers.first?.0 == "Authorization")
        #expect(headers.first?.1 == expected)
    }

    @Test("no credentials, no headers")
    func noneHasNoHeaders() {
        #expect(CapillaryCredentials.none.headers.isEmpty)
    }

    @Test("descriptions never contain the password or username")
    func redacted() {
        let credentials = CapillaryCredentials.basic(username: "stub-till", password: "stub-pass")
        let texts = ["\(credentials)", String(describing: credentials), String(reflecting: credentials),
                     "\([credentials])", "\(Optional(credentials) as Any)"]
        for text in texts {
            #expect(!text.contains("stub-pass"), "\(text)")
            #expect(!text.contains(Self.stubPassMD5), "\(text)")
        }
        #expect(credentials.description == "basic(<redacted>)")
        #expect(String(reflecting: credentials) == "basic(<redacted>)")
        #expect(CapillaryCredentials.none.description == "none")
    }

    @Test("read from the environment: both, neither, or one (a usage error)")
    func fromEnvironment() throws {
        let both = try CapillaryCredentials.fromEnvironment(["CAPILLARY_USERNAME": "u", "CAPILLARY_PASSWORD": "p"])
        #expect(both?.headers.first?.1 == "Basic " + Data("u:\(MD5.hex("p"))".utf8).base64EncodedString())
        #expect(try CapillaryCredentials.fromEnvironment([:]) == nil)
        #expect(try CapillaryCredentials.fromEnvironment(["CAPILLARY_USERNAME": "", "CAPILLARY_PASSWORD": ""]) == nil)
        let error = #expect(throws: StatusBatchError.self) {
            _ = try CapillaryCredentials.fromEnvironment(["CAPILLARY_USERNAME": "u"])
        }
        #expect(error?.status == .usageError)
    }

    @Test("a credentials file: key=value or JSON, never readable by others")
    func credentialsFile() throws {
        try withTempDir { dir in
            let env = try dir.write("c.env", "# comment\nCAPILLARY_CLIENT_KEY = key1\nCAPILLARY_CLIENT_SECRET=\"sec ret\"\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: env)
            guard case .oauthClient(let key, let secret) = try CapillaryCredentials.fromFile(env) else {
                Issue.record("expected OAuth client credentials"); return
            }
            #expect(key == "key1" && secret == "sec ret")
            let json = try dir.write("c.json", #"{"CAPILLARY_OAUTH_TOKEN":"tok"}"#)
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: json)
            guard case .oauthToken(let token) = try CapillaryCredentials.fromFile(json) else {
                Issue.record("expected a token"); return
            }
            #expect(token == "tok")
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: json)
            #expect(throws: StatusBatchError.self) { try CapillaryCredentials.fromFile(json) }
        }
    }

    @Test("the org key: from the environment or a credentials file, sent as X-CAP-API-AUTH-KEY, never described")
    func authKey() throws {
        #expect(CapillaryAuthKey(values: [:]) == nil && CapillaryAuthKey(values: ["CAPILLARY_AUTH_KEY": "  "]) == nil)
        let fromEnvironment = try #require(CapillaryAuthKey(values: ["CAPILLARY_AUTH_KEY": " k-123 "]))
        #expect(fromEnvironment.headers.map(\.0) == ["X-CAP-API-AUTH-KEY"] && fromEnvironment.headers.map(\.1) == ["k-123"])
        #expect(!"\(fromEnvironment)".contains("k-123") && !String(reflecting: fromEnvironment).contains("k-123"))
        try withTempDir { dir in
            let file = try dir.write("c.env", "CAPILLARY_USERNAME=u\nCAPILLARY_PASSWORD=p\nCAPILLARY_AUTH_KEY='key 9'\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let key = try #require(CapillaryAuthKey(values: try CapillaryCredentials.fileValues(file)))
            #expect(key.headers.map(\.1) == ["key 9"])
        }
    }

    @Test("--org-id is sent as X-CAP-API-AUTH-ORG-ID on updates and reads")
    func orgHeader() throws {
        let options = StatusUpdateOptions(orgId: 4242)
        #expect(options.headers.map(\.0) == ["X-CAP-API-AUTH-ORG-ID"] && options.headers.map(\.1) == ["4242"])
        #expect(StatusUpdateOptions().headers.isEmpty)
    }
}
