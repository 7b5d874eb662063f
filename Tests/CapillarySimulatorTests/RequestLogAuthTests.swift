import Foundation
import Testing
@testable import CapillarySimulator

/// RequestLog and authentication: `auth_scheme` says which header was sent, never its value; token requests are
/// logged without their key, secret or token.
@Suite("RequestLog: auth")
struct RequestLogAuthTests {
    static let basic = "Basic c2VjcmV0LXVzZXI6MGNjMTc1YjljMGYxYjZhODMxYzM5OWUyNjk3NzI2NjE="
    static let key = "key-8d1f2e"
    static let secret = "secret-41b7c9"

    @Test("auth_scheme is basic, oauth or none; no credential value is logged")
    func authScheme() throws {
        var token = ""
        let (lines, text) = try RequestLogTests.logged({
            $0.expectedAuthorization = Self.basic
            $0.oauthKey = Self.key
            $0.oauthSecret = Self.secret
        }) { engine in
            token = try #require(Sim.answer(engine, Sim.tokenRequest(key: Self.key, secret: Self.secret)).accessToken)
            Sim.answer(engine, Sim.request(value: "919800000001", headers: Sim.jsonHeaders + [("Authorization", Self.basic)]))
            Sim.answer(engine, Sim.request(value: "919800000002", headers: Sim.oauthHeaders(token)))
            Sim.answer(engine, Sim.request(value: "919800000003"))
            Sim.answer(engine, Sim.request(value: "919800000004", headers: Sim.oauthHeaders("sim-oauth-forged")))
            Sim.answer(engine, Sim.get("/v2/customers/lookup", rawQuery: Sim.query(value: "919800000002"),
                                       headers: Sim.oauthHeaders(token)))
        }
        #expect(lines.map { $0["auth_scheme"] as? String } == ["none", "basic", "oauth", "none", "oauth", "oauth"])
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 200, 200, 401, 401, 200])
        #expect(!token.isEmpty)
        for secretText in [token, Self.key, Self.secret, "c2VjcmV0", "sim-oauth-forged", "Basic"] {
            #expect(!text.contains(secretText), "\(secretText) in the log")
        }
    }

    @Test("a token request is logged with its path and status, without body, key, secret or token")
    func tokenRequestLine() throws {
        let (lines, text) = try RequestLogTests.logged({ $0.oauthKey = Self.key; $0.oauthSecret = Self.secret }) { engine in
            Sim.answer(engine, Sim.tokenRequest(key: Self.key, secret: Self.secret))
            Sim.answer(engine, Sim.tokenRequest(key: Self.key, secret: "wrong-\(Self.secret)"))
        }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0["path"] as? String == "/v3/oauth/token/generate" && $0["method"] as? String == "POST" })
        #expect(lines.allSatisfy { $0["body"] == nil })
        #expect(lines.map { ($0["status"] as? NSNumber)?.intValue } == [200, 401])
        #expect((lines[1]["code"] as? NSNumber)?.intValue == 401)
        #expect(!text.contains(Self.key) && !text.contains(Self.secret) && !text.contains("sim-oauth"))
    }

    @Test("only the status PUT logs its body")
    func bodyOnlyForPut() throws {
        let (lines, _) = try RequestLogTests.logged { engine in
            Sim.answer(engine, Sim.request())
            let get = SimulatedRequest(method: "GET", path: "/v2/customers/lookup", rawQuery: Sim.query(value: "919800000001"),
                                       headers: Sim.jsonHeaders, body: Array(Sim.goldBody.utf8))
            Sim.answer(engine, get)
        }
        #expect(lines[0]["body"] != nil)
        #expect(lines[1]["body"] == nil)
        #expect((lines[1]["status"] as? NSNumber)?.intValue == 200)
    }
}
