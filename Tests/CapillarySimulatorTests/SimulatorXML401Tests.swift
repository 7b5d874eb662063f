import Foundation
import Testing
@testable import CapillarySimulator

/// `xml401`: every 401 answered like an API gateway, in XML; other answers stay JSON.
@Suite("SimulatorEngine: XML 401")
struct SimulatorXML401Tests {
    static let invalid = #"<?xml version="1.0" encoding="UTF-8"?><fault><code>401</code>"#
        + "<message>Invalid credentials</message></fault>"

    @Test("missing or wrong Basic credentials get the XML fault with Content-Type application/xml",
          arguments: [nil, "Basic wrong"] as [String?])
    func basic(authorization: String?) throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic ok"; $0.xml401 = true }
        let headers = Sim.jsonHeaders + (authorization.map { [("Authorization", $0)] } ?? [])
        let reply = Sim.answer(engine, Sim.request(headers: headers))
        #expect(reply.status == 401)
        #expect(reply.contentType == "application/xml")
        #expect(reply.body == Self.invalid)
        #expect(reply.json == nil)
    }

    @Test("a wrong key/secret at the token endpoint gets the XML fault too")
    func tokenEndpoint() throws {
        let engine = try Sim.oauthEngine { $0.xml401 = true }
        let reply = Sim.answer(engine, Sim.tokenRequest(secret: "wrong"))
        #expect(reply.status == 401)
        #expect(reply.contentType == "application/xml")
        #expect(reply.body == Self.invalid)
        // The right one still gets JSON.
        let issued = Sim.answer(engine, Sim.tokenRequest())
        #expect(issued.status == 200 && issued.contentType == "application/json" && issued.accessToken != nil)
    }

    @Test("an expired token gets the same XML shape with its own message")
    func expired() throws {
        let engine = try Sim.oauthEngine(ttl: 10) { $0.xml401 = true }
        let token = try #require(Sim.answer(engine, Sim.tokenRequest(), now: 1000).accessToken)
        let reply = Sim.answer(engine, Sim.request(headers: Sim.oauthHeaders(token)), now: 1010)
        #expect(reply.status == 401)
        #expect(reply.contentType == "application/xml")
        #expect(reply.body == #"<?xml version="1.0" encoding="UTF-8"?><fault><code>401</code>"#
            + "<message>OAuth token expired</message></fault>")
    }

    @Test("GET endpoints answer their 401 in XML as well")
    func gets() throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic ok"; $0.xml401 = true }
        for request in [Sim.get("/v2/customers/lookup", rawQuery: Sim.query(value: "919800000001")),
                        Sim.get("/v2/customers/700000001/statusLog")] {
            let reply = Sim.answer(engine, request)
            #expect(reply.status == 401 && reply.contentType == "application/xml" && reply.body == Self.invalid)
        }
    }

    @Test("with xml401 other answers stay JSON; without it a 401 is JSON")
    func othersStayJSON() throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic ok"; $0.xml401 = true }
        let auth = Sim.jsonHeaders + [("Authorization", "Basic ok")]
        for (value, status) in [("919800000001", 200), ("919800008015", 400), ("919800000503", 503)] {
            let reply = Sim.answer(engine, Sim.request(value: value, headers: auth))
            #expect(reply.status == status && reply.contentType == "application/json" && reply.json != nil)
        }
        let json = Sim.answer(try Sim.engine { $0.expectedAuthorization = "Basic ok" }, Sim.request())
        #expect(json.status == 401 && json.contentType == "application/json")
        #expect(hasCapillaryErrorShape(json, code: 401))
    }

    @Test("XML special characters in a fault message are escaped")
    func escaping() {
        let reply = SimulatorErrors.unauthorized("x", xml: true, xmlMessage: #"a<b>&"c'"#)
        #expect(reply.body.contains("<message>a&lt;b&gt;&amp;&quot;c&apos;</message>"))
    }
}
