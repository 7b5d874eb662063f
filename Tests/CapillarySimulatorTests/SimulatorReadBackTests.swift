import Foundation
import Testing
@testable import CapillarySimulator

/// Reading status back: `GET /v2/customers/lookup` (stable ids) and `GET /v2/customers/{id}/statusLog`.
@Suite("SimulatorEngine: lookup and status log")
struct SimulatorReadBackTests {
    /// The lookup request for one customer.
    static func lookup(value: String = "919800000001", name: String = "mobile", source: String = "INSTORE",
                       headers: [(String, String)] = []) -> SimulatedRequest {
        Sim.get("/v2/customers/lookup", rawQuery: Sim.query(source: source, name: name, value: value), headers: headers)
    }

    /// The id the lookup answers for a customer.
    static func id(_ engine: SimulatorEngine, value: String = "919800000001", name: String = "mobile") -> Int? {
        let customers = Sim.answer(engine, lookup(value: value, name: name)).json?["customers"] as? [[String: Any]]
        return (customers?.first?["id"] as? NSNumber)?.intValue
    }

    /// The statusLog entries for a customer id.
    static func log(_ engine: SimulatorEngine, id: Int, headers: [(String, String)] = []) -> [[String: Any]]? {
        Sim.answer(engine, Sim.get("/v2/customers/\(id)/statusLog", headers: headers)).json?["statusLog"]
            as? [[String: Any]]
    }

    @Test("lookup answers {customers:[{id,identifierName,identifierValue,source}],warnings:[]} with decoded values")
    func lookupShape() throws {
        let engine = try Sim.engine()
        let reply = Sim.answer(engine, Self.lookup(value: "%2B919800000001"))
        #expect(reply.status == 200 && reply.contentType == "application/json")
        let json = try #require(reply.json)
        #expect(Set(json.keys) == ["customers", "warnings"])
        #expect((json["warnings"] as? [Any])?.isEmpty == true)
        let customers = try #require(json["customers"] as? [[String: Any]])
        #expect(customers.count == 1)
        #expect(Set(customers[0].keys) == ["id", "identifierName", "identifierValue", "source"])
        #expect((customers[0]["id"] as? NSNumber)?.intValue == 700_000_001)
        #expect(customers[0]["identifierName"] as? String == "mobile")
        #expect(customers[0]["identifierValue"] as? String == "+919800000001")
        #expect(customers[0]["source"] as? String == "INSTORE")
    }

    @Test("ids start at 700000001 in order of first appearance (PUT or lookup) and stay stable")
    func stableIds() throws {
        let engine = try Sim.engine()
        Sim.answer(engine, Sim.request(value: "919800000002"))
        #expect(Self.id(engine, value: "919800000001") == 700_000_002)
        #expect(Self.id(engine, value: "919800000002") == 700_000_001)
        #expect(Self.id(engine, value: "919800000001", name: "MOBILE") == 700_000_002)
        #expect(Self.id(engine, value: "919800000001", name: "email") == 700_000_003)
        Sim.answer(engine, Sim.request(value: "919800000001"))
        #expect(Self.id(engine, value: "919800000001") == 700_000_002)
        // A failed PUT gives no id.
        Sim.answer(engine, Sim.request(value: "919800000009", body: #"{"reason":"r","label":"Nope"}"#))
        #expect(Self.id(engine, value: "919800000010") == 700_000_004)
    }

    @Test("lookup validates like the PUT", arguments: [
        (Sim.query(source: "NOPE", value: "919800000001"), 8003), (Sim.query(name: "phone", value: "1"), 8013),
        ("source=INSTORE&identifierName=mobile", 8013), (Sim.query(value: "919800008013"), 8013),
        (Sim.query(value: "919800008015"), 8015), (Sim.query(source: "WECHAT", value: "919800000001"), 8045),
    ])
    func lookupValidation(rawQuery: String, code: Int) throws {
        let reply = Sim.answer(try Sim.engine(), Sim.get("/v2/customers/lookup", rawQuery: rawQuery))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: code), "\(reply.body)")
    }

    @Test("with knownCustomers, lookup finds exactly those")
    func knownCustomers() throws {
        let engine = try Sim.engine { $0.knownCustomers = ["mobile:919800000001"] }
        #expect(Sim.answer(engine, Self.lookup(value: "919800000001", name: "Mobile")).status == 200)
        #expect(Sim.answer(engine, Self.lookup(value: "919800000002")).errorCode == 8015)
    }

    @Test("two PUTs: statusLog newest first, only the newest active, status from the label")
    func statusLogAfterTwoPuts() throws {
        let engine = try Sim.engine()
        let first = try #require(Sim.answer(engine, Sim.request(body: #"{"reason":"joined","label":"Gold"}"#),
                                            now: 1_700_000_000.75).createdId)
        let second = try #require(Sim.answer(engine, Sim.request(
            body: #"{"reason":"chargeback","label":"Fraud Suspected","createdOn":"2024-01-02T03:04:05Z"}"#),
            now: 1_700_000_100).createdId)
        let id = try #require(Self.id(engine))
        let reply = Sim.answer(engine, Sim.get("/v2/customers/\(id)/statusLog"))
        #expect(reply.status == 200)
        let json = try #require(reply.json)
        #expect(Set(json.keys) == ["statusLog", "warnings"])
        #expect((json["warnings"] as? [Any])?.isEmpty == true)
        let log = try #require(json["statusLog"] as? [[String: Any]])
        #expect(log.count == 2)
        #expect(log.allSatisfy { Set($0.keys) == ["label", "status", "reason", "createdOn", "createdId", "isActive"] })
        #expect(log.map { $0["label"] as? String } == ["Fraud Suspected", "Gold"])
        #expect(log.map { $0["status"] as? String } == ["Suspended", "Active"])
        #expect(log.map { $0["reason"] as? String } == ["chargeback", "joined"])
        #expect(log.map { $0["createdOn"] as? String } == ["2024-01-02T03:04:05Z", "2023-11-14T22:13:20Z"])
        #expect(log.map { ($0["createdId"] as? NSNumber)?.intValue } == [second, first])
        #expect(log.map { $0["isActive"] as? Bool } == [true, false])
        #expect(reply.body.contains("\"isActive\":true") && reply.body.contains("\"isActive\":false"))
        #expect(engine.historyCounts() == ["mobile:919800000001": 2])
    }

    @Test("labels map to their fixed status", arguments: [
        ("Suspended", "Suspended"), ("Suspicious", "Suspended"), ("Fraud Suspected", "Suspended"),
        ("Dormant", "Inactive"), ("Inactive", "Inactive"), ("Gold", "Active"), ("Active", "Active"),
        ("Churn Risk", "Active"), ("VIP", "Active"),
    ])
    func labelStatus(label: String, status: String) throws {
        #expect(LabelStatus.status(of: label) == status)
        let engine = try Sim.engine()
        Sim.answer(engine, Sim.request(body: #"{"reason":"r","label":"\#(label)"}"#))
        let id = try #require(Self.id(engine))
        let log = try #require(Self.log(engine, id: id))
        #expect(log.first?["status"] as? String == status)
    }

    @Test("a looked-up customer without changes has an empty statusLog; failed PUTs add nothing")
    func emptyLog() throws {
        let engine = try Sim.engine()
        let id = try #require(Self.id(engine))
        Sim.answer(engine, Sim.request(body: #"{"reason":"r","label":"Nope"}"#))
        #expect(try #require(Self.log(engine, id: id)).isEmpty)
    }

    @Test("an id never handed out, or not a number, gets 400 / 8015",
          arguments: ["700000001", "1", "abc", "-700000001", "lookup"])
    func unknownId(id: String) throws {
        let reply = Sim.answer(try Sim.engine(), Sim.get("/v2/customers/\(id)/statusLog"))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8015), "\(reply.body)")
    }

    @Test("the GETs take GET only; near-miss paths are 404")
    func routing() throws {
        let engine = try Sim.engine()
        for method in ["PUT", "POST", "DELETE"] {
            var lookup = Self.lookup()
            lookup.method = method
            #expect(Sim.answer(engine, lookup).status == 405)
            #expect(Sim.answer(engine, Sim.get("/v2/customers/1/statusLog").with(method: method)).status == 405)
        }
        for path in ["/v2/customers/lookup/", "/v2/customers//statusLog", "/v2/customers/1/statuslog",
                     "/v2/customers/1/statusLog/", "/v2/customers/1/2/statusLog"] {
            #expect(Sim.answer(engine, Sim.get(path)).status == 404, "\(path)")
        }
    }

    @Test("the GETs need authorisation like the PUT: Basic or a valid OAuth token")
    func authorisation() throws {
        let engine = try Sim.oauthEngine(ttl: 60) { $0.expectedAuthorization = "Basic ok" }
        let basic = [("Authorization", "Basic ok")]
        Sim.answer(engine, Sim.request(headers: Sim.jsonHeaders + basic), now: 1000)
        #expect(Sim.answer(engine, Self.lookup(), now: 1000).status == 401)
        #expect(Sim.answer(engine, Self.lookup(value: "919800008015"), now: 1000).status == 401)
        #expect(Sim.answer(engine, Sim.get("/v2/customers/700000001/statusLog"), now: 1000).status == 401)
        let token = try #require(Sim.answer(engine, Sim.tokenRequest(), now: 1000).accessToken)
        let oauth = [("X-CAP-API-OAUTH-TOKEN", token)]
        for headers in [basic, oauth] {
            #expect(Sim.answer(engine, Self.lookup(headers: headers), now: 1030).status == 200)
            #expect(Self.log(engine, id: 700_000_001, headers: headers)?.count == 1)
        }
        let expired = Sim.answer(engine, Self.lookup(headers: oauth), now: 1060)
        #expect(expired.status == 401 && expired.errorMessage == "OAuth token expired")
    }

    @Test("the GETs are not rate limited and not hit by suffix faults; outage windows spare them only when asked")
    func noLimitsOrFaults() throws {
        for spareReads in [true, false] {
            let engine = try Sim.engine {
                $0.perSecondLimit = 1
                $0.origin = 0
                $0.outages = [(start: 1000, duration: 10)]
                $0.outagesSpareReads = spareReads
                $0.failureRate = 1
            }
            for value in ["919800000001", "919800000503", "919800000429", "919800000461", "919800000500"] {
                #expect(Sim.answer(engine, Self.lookup(value: value), now: 999).status == 200, "\(value)")
                #expect(Sim.answer(engine, Self.lookup(value: value), now: 1001).status == (spareReads ? 200 : 503))
            }
            #expect(Sim.answer(engine, Sim.get("/v2/customers/700000001/statusLog"), now: 1001).status == (spareReads ? 200 : 503))
            #expect(Sim.answer(engine, Sim.get("/v2/customers/700000001/statusLog"), now: 1011).status == 200)
            #expect(Sim.answer(engine, Sim.request(), now: 1001).status == 503)
        }
    }
}

extension SimulatedRequest {
    /// A copy with another method.
    func with(method: String) -> SimulatedRequest {
        var copy = self
        copy.method = method
        return copy
    }
}
