import Foundation
import Testing
@testable import CapillarySimulator

/// `readsRefused`: both read calls answer 403 (no read permission) or 404 (a gateway without them) after
/// authorisation, while the status PUT keeps working.
@Suite("SimulatorEngine: reads refused")
struct SimulatorReadRefusalTests {
    /// The two read calls for customer 919800000001 (the statusLog of the first id handed out).
    static let reads = [
        SimulatorReadBackTests.lookup(),
        Sim.get("/v2/customers/700000001/statusLog"),
    ]

    @Test("forbidden: 403 with Capillary's JSON error body for both GETs; the PUT still succeeds")
    func forbidden() throws {
        let engine = try Sim.engine { $0.readsRefused = .forbidden }
        let put = Sim.answer(engine, Sim.request())
        #expect(put.status == 200 && put.applied && put.createdId == 566_881_001)
        for request in Self.reads {
            let reply = Sim.answer(engine, request)
            #expect(reply.status == 403, "\(request.path)")
            #expect(reply.contentType == "application/json")
            #expect(hasCapillaryErrorShape(reply, code: 403), "\(reply.body)")
            #expect(!reply.applied)
        }
        #expect(engine.historyCounts() == ["mobile:919800000001": 1])
    }

    @Test("notFound: 404 exactly like an unknown route for both GETs; the PUT still succeeds")
    func notFound() throws {
        let engine = try Sim.engine { $0.readsRefused = .notFound }
        #expect(Sim.answer(engine, Sim.request()).status == 200)
        for request in Self.reads {
            let reply = Sim.answer(engine, request)
            #expect(reply.status == 404, "\(request.path)")
            #expect(hasCapillaryErrorShape(reply, code: 404), "\(reply.body)")
            let unknown = Sim.answer(engine, Sim.get("/v2/nope"))
            #expect(reply.errorMessage == unknown.errorMessage?.replacingOccurrences(of: "/v2/nope", with: request.path))
        }
        #expect(Sim.answer(engine, Sim.request()).status == 200)
        #expect(engine.historyCounts() == ["mobile:919800000001": 2])
    }

    @Test("refused even for requests that would otherwise fail validation or name an unknown id",
          arguments: [ReadRefusal.forbidden, .notFound])
    func refusedBeforeValidation(refusal: ReadRefusal) throws {
        let engine = try Sim.engine { $0.readsRefused = refusal }
        let status = refusal == .forbidden ? 403 : 404
        #expect(Sim.answer(engine, SimulatorReadBackTests.lookup(value: "919800008015")).status == status)
        #expect(Sim.answer(engine, SimulatorReadBackTests.lookup(source: "NOPE")).status == status)
        #expect(Sim.answer(engine, Sim.get("/v2/customers/42/statusLog")).status == status)
    }

    @Test("authorisation comes first: without credentials the GETs get 401", arguments: [ReadRefusal.forbidden, .notFound])
    func authorisationFirst(refusal: ReadRefusal) throws {
        let engine = try Sim.engine { $0.readsRefused = refusal; $0.expectedAuthorization = "Basic ok" }
        let basic = [("Authorization", "Basic ok")]
        #expect(Sim.answer(engine, Sim.request(headers: Sim.jsonHeaders + basic)).status == 200)
        for request in Self.reads {
            #expect(Sim.answer(engine, request).status == 401, "\(request.path)")
            var authorised = request
            authorised.headers += basic
            #expect(Sim.answer(engine, authorised).status == (refusal == .forbidden ? 403 : 404), "\(request.path)")
        }
    }

    @Test("without readsRefused the reads work; the refusal's command-line names")
    func defaultsAndNames() throws {
        #expect(SimulatorOptions().readsRefused == nil)
        let engine = try Sim.engine()
        #expect(Self.reads.map { Sim.answer(engine, $0).status } == [200, 200])
        #expect(ReadRefusal.allCases.map(\.rawValue) == ["forbidden", "not-found"])
        #expect(ReadRefusal(rawValue: "not-found") == .notFound)
    }
}
