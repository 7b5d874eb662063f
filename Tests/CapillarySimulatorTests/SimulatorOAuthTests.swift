import Foundation
import Testing
@testable import CapillarySimulator

/// OAuth: `POST /v3/oauth/token/generate`, token expiry by explicit `now`, and Basic-or-OAuth authorisation.
@Suite("SimulatorEngine: OAuth")
struct SimulatorOAuthTests {
    @Test("the right key and secret get 200 with data.accessToken, integer ttlSeconds and errors null")
    func issue() throws {
        let engine = try Sim.oauthEngine(ttl: 120) { $0.seed = 7 }
        let reply = Sim.answer(engine, Sim.tokenRequest(), now: 1000)
        #expect(reply.status == 200)
        #expect(reply.contentType == "application/json")
        let json = try #require(reply.json)
        #expect(Set(json.keys) == ["data", "errors"])
        #expect(json["errors"] is NSNull)
        let data = try #require(json["data"] as? [String: Any])
        #expect(Set(data.keys) == ["accessToken", "ttlSeconds"])
        #expect(data["accessToken"] as? String == "sim-oauth-7-1")
        #expect(data["ttlSeconds"] as? Int == 120)
        #expect(reply.body.contains("\"ttlSeconds\":120"), "\(reply.body)")
    }

    @Test("every issue gives a new token, each valid on its own")
    func uniqueTokens() throws {
        let engine = try Sim.oauthEngine()
        let tokens = (0..<5).compactMap { Sim.answer(engine, Sim.tokenRequest(), now: 1000 + Double($0)).accessToken }
        #expect(tokens.count == 5 && Set(tokens).count == 5, "\(tokens)")
        for (index, token) in tokens.enumerated() {
            let request = Sim.request(value: "91980000000\(index)", headers: Sim.oauthHeaders(token))
            #expect(Sim.answer(engine, request, now: 1010).status == 200)
        }
    }

    @Test("a token is valid until issue time + ttl, then 401 'OAuth token expired'")
    func expiry() throws {
        let engine = try Sim.oauthEngine(ttl: 300)
        let token = try #require(Sim.answer(engine, Sim.tokenRequest(), now: 1000).accessToken)
        let put = Sim.request(headers: Sim.oauthHeaders(token))
        #expect(Sim.answer(engine, put, now: 1000).status == 200)
        #expect(Sim.answer(engine, put, now: 1299.999).status == 200)
        let expired = Sim.answer(engine, put, now: 1300)
        #expect(expired.status == 401)
        #expect(hasCapillaryErrorShape(expired, code: 401), "\(expired.body)")
        #expect(expired.errorMessage == "OAuth token expired")
        #expect(expired.busyCustomer == nil)
        // A fresh token works again.
        let fresh = try #require(Sim.answer(engine, Sim.tokenRequest(), now: 1301).accessToken)
        #expect(Sim.answer(engine, Sim.request(headers: Sim.oauthHeaders(fresh)), now: 1302).status == 200)
        #expect(Sim.answer(engine, put, now: 1302).status == 401)
    }

    @Test("a wrong key or secret, or a bad body, gets 401 with the error body", arguments: [
        #"{"key":"client-key","secret":"wrong"}"#, #"{"key":"wrong","secret":"client-secret"}"#,
        #"{"key":"client-key"}"#, #"{"secret":"client-secret"}"#, #"{"key":"CLIENT-KEY","secret":"client-secret"}"#,
        "not json", "", #"["client-key","client-secret"]"#,
    ])
    func wrongCredentials(body: String) throws {
        let engine = try Sim.oauthEngine()
        let request = SimulatedRequest(method: "POST", path: "/v3/oauth/token/generate", rawQuery: "",
                                       headers: Sim.jsonHeaders, body: Array(body.utf8))
        let reply = Sim.answer(engine, request)
        #expect(reply.status == 401)
        #expect(hasCapillaryErrorShape(reply, code: 401), "\(reply.body)")
        #expect(reply.accessToken == nil)
    }

    @Test("without OAuth configured (key and secret both set) the token endpoint is 404",
          arguments: ["nothing", "basic", "key only", "secret only"])
    func notConfigured(configured: String) throws {
        let engine = try Sim.engine { options in
            switch configured {
            case "basic": options.expectedAuthorization = "Basic x"
            case "key only": options.oauthKey = "client-key"
            case "secret only": options.oauthSecret = "client-secret"
            default: break
            }
        }
        let reply = Sim.answer(engine, Sim.tokenRequest())
        #expect(reply.status == 404)
        #expect(hasCapillaryErrorShape(reply, code: 404))
        #expect(reply.accessToken == nil)
    }

    @Test("the token endpoint only takes POST")
    func tokenMethod() throws {
        let engine = try Sim.oauthEngine()
        var request = Sim.tokenRequest()
        request.method = "GET"
        #expect(Sim.answer(engine, request).status == 405)
    }

    @Test("with OAuth only: a token is needed; a Basic header, an unknown token or nothing gets 401",
          arguments: ["none", "basic", "unknown", "empty"])
    func oauthOnly(presented: String) throws {
        let engine = try Sim.oauthEngine()
        let headers: [(String, String)] = switch presented {
        case "basic": Sim.jsonHeaders + [("Authorization", "Basic dXNlcjpoYXNo")]
        case "unknown": Sim.oauthHeaders("sim-oauth-1-99")
        case "empty": Sim.oauthHeaders("")
        default: Sim.jsonHeaders
        }
        let reply = Sim.answer(engine, Sim.request(headers: headers))
        #expect(reply.status == 401)
        #expect(reply.errorMessage == "Invalid or missing credentials")
        #expect(engine.historyCounts().isEmpty)
    }

    @Test("with Basic and OAuth configured, either the right Authorization or a valid token is enough")
    func basicOrOAuth() throws {
        let engine = try Sim.oauthEngine { $0.expectedAuthorization = "Basic dXNlcjpoYXNo" }
        let token = try #require(Sim.answer(engine, Sim.tokenRequest(), now: 1000).accessToken)
        let basic = Sim.jsonHeaders + [("Authorization", "Basic dXNlcjpoYXNo")]
        #expect(Sim.answer(engine, Sim.request(value: "919800000001", headers: basic), now: 1001).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "919800000002", headers: Sim.oauthHeaders(token)),
                           now: 1001).status == 200)
        // Header name case does not matter.
        let lower = Sim.jsonHeaders + [("x-cap-api-oauth-token", token)]
        #expect(Sim.answer(engine, Sim.request(value: "919800000003", headers: lower), now: 1001).status == 200)
        // A wrong Basic value with a valid token is fine; a right Basic value with an expired token too.
        let wrongBasic = Sim.oauthHeaders(token) + [("Authorization", "Basic bad")]
        #expect(Sim.answer(engine, Sim.request(value: "919800000004", headers: wrongBasic), now: 1001).status == 200)
        let expiredButBasic = basic + [("X-CAP-API-OAUTH-TOKEN", token)]
        #expect(Sim.answer(engine, Sim.request(value: "919800000005", headers: expiredButBasic), now: 2000).status == 200)
        // Neither.
        #expect(Sim.answer(engine, Sim.request(value: "919800000006"), now: 1001).status == 401)
        let bothWrong = Sim.oauthHeaders(token) + [("Authorization", "Basic bad")]
        let expired = Sim.answer(engine, Sim.request(value: "919800000007", headers: bothWrong), now: 2000)
        #expect(expired.status == 401 && expired.errorMessage == "OAuth token expired")
    }

    @Test("a token from another engine (another seed) is unknown here")
    func otherEnginesToken() throws {
        let issuer = try Sim.oauthEngine { $0.seed = 2 }
        let token = try #require(Sim.answer(issuer, Sim.tokenRequest()).accessToken)
        let other = try Sim.oauthEngine { $0.seed = 3 }
        #expect(Sim.answer(other, Sim.request(headers: Sim.oauthHeaders(token))).status == 401)
    }

    @Test("OAuth is checked where Basic was: before outages, limits, suffix faults and validation")
    func order() throws {
        let engine = try Sim.oauthEngine { $0.perSecondLimit = 1 }
        #expect(Sim.answer(engine, Sim.request(source: "NOPE")).status == 401)
        #expect(Sim.answer(engine, Sim.request(value: "919800000503")).status == 401)
        #expect(Sim.answer(engine, Sim.request(value: "919800000461")).status == 401)
        // Token requests are not rate limited, and the refused requests above used no quota.
        let token = try #require(Sim.answer(engine, Sim.tokenRequest()).accessToken)
        #expect(Sim.answer(engine, Sim.tokenRequest()).status == 200)
        #expect(Sim.answer(engine, Sim.request(headers: Sim.oauthHeaders(token))).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "919800000002", headers: Sim.oauthHeaders(token))).status == 429)
    }
}
