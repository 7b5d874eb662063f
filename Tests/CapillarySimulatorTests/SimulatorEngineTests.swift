import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorEngine: success answers, routing, authorization and the value-suffix faults, in rule order.
@Suite("SimulatorEngine")
struct SimulatorEngineTests {
    @Test("a valid PUT gets 200 with createdId and empty warnings, and marks the customer busy")
    func success() throws {
        let engine = try Sim.engine()
        let reply = engine.handle(Sim.request(), now: 1000)
        #expect(reply.status == 200)
        #expect(reply.drop == false)
        #expect(reply.delay == 0)
        let json = try #require(reply.json)
        #expect(Set(json.keys) == ["createdId", "warnings"])
        #expect(reply.createdId != nil)
        #expect((json["warnings"] as? [Any])?.isEmpty == true)
        #expect(reply.busyCustomer == "mobile:919800000001")
    }

    @Test("createdIds strictly increase, one per success, across customers")
    func createdIdsIncrease() throws {
        let engine = try Sim.engine()
        let ids = (1...5).compactMap { Sim.answer(engine, Sim.request(value: "91980000000\($0)")).createdId }
        #expect(ids.count == 5)
        #expect(ids == ids.sorted() && Set(ids).count == 5, "\(ids)")
        let again = try #require(Sim.answer(engine, Sim.request(value: "919800000001")).createdId)
        #expect(again > ids.last!)
    }

    @Test("errors do not consume createdIds")
    func errorsDoNotConsumeIds() throws {
        let engine = try Sim.engine()
        let first = try #require(Sim.answer(engine, Sim.request(value: "919800000001")).createdId)
        #expect(Sim.answer(engine, Sim.request(value: "919800000002", source: "NOPE")).status == 400)
        let second = try #require(Sim.answer(engine, Sim.request(value: "919800000003")).createdId)
        #expect(second == first + 1)
    }

    @Test("a wrong path gets 404 in Capillary's error shape", arguments: [
        "/v2/customers/lookup/statuses", "/v2/customers/status", "/", "/v2/customers/lookup/status/",
    ])
    func wrongPath(path: String) throws {
        let reply = Sim.answer(try Sim.engine(), Sim.request(path: path))
        #expect(reply.status == 404)
        #expect(hasCapillaryErrorShape(reply, code: 404), "\(reply.body)")
        #expect(reply.busyCustomer == nil)
    }

    @Test("a method other than PUT gets 405", arguments: ["GET", "POST", "DELETE", "put"])
    func wrongMethod(method: String) throws {
        let reply = Sim.answer(try Sim.engine(), Sim.request(method: method))
        #expect(reply.status == 405)
        #expect(hasCapillaryErrorShape(reply, code: 405), "\(reply.body)")
    }

    @Test("the path is checked before the method: GET on a wrong path is 404")
    func pathBeforeMethod() throws {
        #expect(Sim.answer(try Sim.engine(), Sim.request(method: "GET", path: "/nope")).status == 404)
    }

    @Test("with expectedAuthorization, a missing Authorization header gets 401")
    func missingAuthorization() throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic dXNlcjpoYXNo" }
        let reply = Sim.answer(engine, Sim.request())
        #expect(reply.status == 401)
        #expect(hasCapillaryErrorShape(reply, code: 401), "\(reply.body)")
        #expect(reply.busyCustomer == nil)
    }

    @Test("with expectedAuthorization, a wrong Authorization value gets 401", arguments: [
        "Basic d3Jvbmc=", "basic dXNlcjpoYXNo", "Basic dXNlcjpoYXNo ", "",
    ])
    func wrongAuthorization(value: String) throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic dXNlcjpoYXNo" }
        let reply = Sim.answer(engine, Sim.request(headers: Sim.jsonHeaders + [("Authorization", value)]))
        #expect(reply.status == 401)
        #expect(hasCapillaryErrorShape(reply, code: 401))
    }

    @Test("with expectedAuthorization, the right header (any name case) gets 200")
    func rightAuthorization() throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic dXNlcjpoYXNo" }
        for name in ["Authorization", "authorization", "AUTHORIZATION"] {
            let request = Sim.request(headers: Sim.jsonHeaders + [(name, "Basic dXNlcjpoYXNo")])
            #expect(Sim.answer(engine, request).status == 200, "\(name)")
        }
    }

    @Test("without expectedAuthorization, any or no Authorization header is accepted")
    func noAuthorizationRequired() throws {
        let engine = try Sim.engine()
        #expect(Sim.answer(engine, Sim.request()).status == 200)
        let request = Sim.request(headers: Sim.jsonHeaders + [("Authorization", "Basic whatever")])
        #expect(Sim.answer(engine, request).status == 200)
    }

    @Test("authorization is checked before validation: a bad request without credentials is 401")
    func authBeforeValidation() throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic x" }
        #expect(Sim.answer(engine, Sim.request(source: "NOPE")).status == 401)
        #expect(Sim.answer(engine, Sim.request(value: "919800000503")).status == 401)
    }

    @Test("values ending 0503 / 0500 / 0461 get 503 / 500 / 461, every time",
          arguments: [("0503", 503), ("0500", 500), ("0461", 461)])
    func serverErrorSuffixes(suffix: String, status: Int) throws {
        let engine = try Sim.engine()
        for attempt in 0..<4 {
            let reply = Sim.answer(engine, Sim.request(value: "91980000" + suffix), now: 1000 + Double(attempt))
            #expect(reply.status == status, "attempt \(attempt)")
            #expect(hasCapillaryErrorShape(reply, code: status), "\(reply.body)")
            #expect(reply.busyCustomer == nil)
        }
        #expect(engine.historyCounts().isEmpty)
    }

    @Test("values ending 0429 get 429 with Retry-After 1, every time")
    func tooManySuffix() throws {
        let engine = try Sim.engine()
        for attempt in 0..<4 {
            let reply = Sim.answer(engine, Sim.request(value: "919800000429"), now: 1000 + Double(attempt))
            #expect(reply.status == 429)
            #expect(hasCapillaryErrorShape(reply, code: 429))
            #expect(reply.header("Retry-After") == "1")
        }
    }

    @Test("the suffix faults apply before validation (even with a bad Content-Type)")
    func suffixBeforeValidation() throws {
        let engine = try Sim.engine()
        let headers = [("Content-Type", "text/plain")]
        #expect(Sim.answer(engine, Sim.request(value: "919800000503", headers: headers)).status == 503)
        #expect(Sim.answer(engine, Sim.request(value: "919800000500", headers: headers)).status == 500)
        #expect(Sim.answer(engine, Sim.request(value: "919800000429", headers: headers)).status == 429)
        #expect(Sim.answer(engine, Sim.request(value: "919800000461", headers: headers)).status == 461)
    }

    @Test("461 says search busy, has no Retry-After and records nothing")
    func searchBusy() throws {
        let engine = try Sim.engine()
        let reply = Sim.answer(engine, Sim.request(value: "%2B919800000461"))
        #expect(reply.status == 461)
        #expect(reply.errorMessage == "Search busy, retry later")
        #expect(reply.header("Retry-After") == nil)
        #expect(engine.historyCounts().isEmpty)
    }

    @Test("the engine's options are the ones given")
    func options() throws {
        let engine = try Sim.engine { $0.seed = 42; $0.perSecondLimit = 7 }
        #expect(engine.options.seed == 42)
        #expect(engine.options.perSecondLimit == 7)
        #expect(SimulatorOptions().labels == SimulatorOptions.defaultLabels)
    }
}
