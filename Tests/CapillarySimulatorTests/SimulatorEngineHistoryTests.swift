import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorEngine.historyCounts: successful status changes per customer (name lower-cased + ":" + value).
@Suite("SimulatorEngine: history")
struct SimulatorEngineHistoryTests {
    @Test("a fresh engine has no history")
    func empty() throws {
        #expect(try Sim.engine().historyCounts().isEmpty)
    }

    @Test("only successful updates are counted, per customer")
    func onlySuccesses() throws {
        let engine = try Sim.engine { $0.expectedAuthorization = "Basic ok" }
        let auth = Sim.jsonHeaders + [("Authorization", "Basic ok")]
        for now in [1000.0, 1001, 1002] { Sim.answer(engine, Sim.request(value: "919800000001", headers: auth), now: now) }
        Sim.answer(engine, Sim.request(value: "919800000002", headers: auth))
        // Failures of every kind.
        Sim.answer(engine, Sim.request(value: "919800000002"))                                  // 401
        Sim.answer(engine, Sim.request(value: "919800000002", path: "/x", headers: auth))        // 404
        Sim.answer(engine, Sim.request(value: "919800000002", method: "GET", headers: auth))     // 405
        Sim.answer(engine, Sim.request(value: "919800000003", source: "NOPE", headers: auth))    // 8003
        Sim.answer(engine, Sim.request(value: "919800008015", headers: auth))                    // 8015
        Sim.answer(engine, Sim.request(value: "919800000503", headers: auth))                    // 503
        Sim.answer(engine, Sim.request(value: "919800000004", headers: auth,
                                       body: #"{"reason":"r","label":"Nope"}"#))                 // 8086
        let busy = engine.handle(Sim.request(value: "919800000005", headers: auth), now: 1000)
        #expect(engine.handle(Sim.request(value: "919800000005", headers: auth), now: 1000).status == 521)
        engine.finished(busy)
        #expect(engine.historyCounts() == [
            "mobile:919800000001": 3, "mobile:919800000002": 1, "mobile:919800000005": 1,
        ])
    }

    @Test("history keys use the decoded value and the lower-cased name")
    func decodedKeys() throws {
        let engine = try Sim.engine()
        Sim.answer(engine, Sim.request(value: "%2B919800000001", name: "Mobile"))
        Sim.answer(engine, Sim.request(value: "a%40b.com", name: "EMAIL"))
        Sim.answer(engine, Sim.request(value: "m%C3%BCller", name: "externalId"))
        #expect(engine.historyCounts() == ["mobile:+919800000001": 1, "email:a@b.com": 1, "externalid:müller": 1])
    }

    @Test("the encoded and the decoded spelling of a value are the same customer")
    func encodedAndDecodedSameCustomer() throws {
        let engine = try Sim.engine()
        #expect(engine.handle(Sim.request(value: "a%40b.com", name: "email"), now: 1000).status == 200)
        #expect(engine.handle(Sim.request(value: "a@b.com", name: "email"), now: 1000).status == 521)
    }
}
