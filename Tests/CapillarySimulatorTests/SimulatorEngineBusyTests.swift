import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorEngine: 521 for a second update of a customer whose first answer is not sent yet.
@Suite("SimulatorEngine: concurrent updates (521)")
struct SimulatorEngineBusyTests {
    @Test("a second request before finished(reply) gets 521; after it, 200 again")
    func busyUntilFinished() throws {
        let engine = try Sim.engine()
        let first = engine.handle(Sim.request(), now: 1000)
        #expect(first.status == 200)
        let customer = try #require(first.busyCustomer)
        #expect(customer == "mobile:919800000001")

        let second = engine.handle(Sim.request(), now: 1000.01)
        #expect(second.status == 521)
        #expect(hasCapillaryErrorShape(second, code: 521), "\(second.body)")
        #expect(second.busyCustomer == nil)
        // Finishing the 521 answer does not free the customer.
        engine.finished(second)
        #expect(engine.handle(Sim.request(), now: 1000.02).status == 521)

        engine.finished(first)
        let third = engine.handle(Sim.request(), now: 1000.03)
        #expect(third.status == 200)
        #expect(third.busyCustomer == customer)
        engine.finished(third)
    }

    @Test("another customer is not affected by a busy one")
    func otherCustomerUnaffected() throws {
        let engine = try Sim.engine()
        let first = engine.handle(Sim.request(value: "919800000001"), now: 1000)
        #expect(first.status == 200)
        let other = engine.handle(Sim.request(value: "919800000002"), now: 1000)
        #expect(other.status == 200)
        #expect(other.busyCustomer == "mobile:919800000002")
        engine.finished(first)
        engine.finished(other)
    }

    @Test("the same value under another identifier name is another customer")
    func identifierNameSeparates() throws {
        let engine = try Sim.engine()
        #expect(engine.handle(Sim.request(value: "12345"), now: 1000).status == 200)
        #expect(engine.handle(Sim.request(value: "12345", name: "externalid"), now: 1000).status == 200)
    }

    @Test("the identifier name's case does not make another customer")
    func nameCaseSameCustomer() throws {
        let engine = try Sim.engine()
        #expect(engine.handle(Sim.request(name: "mobile"), now: 1000).status == 200)
        #expect(engine.handle(Sim.request(name: "MOBILE"), now: 1000).status == 521)
    }

    @Test("validation errors come before 521; a 521 is not counted in history")
    func validationBefore521() throws {
        let engine = try Sim.engine()
        #expect(engine.handle(Sim.request(), now: 1000).status == 200)
        #expect(engine.handle(Sim.request(body: #"{"reason":"r","label":"Bronze"}"#), now: 1000).errorCode == 8086)
        #expect(engine.handle(Sim.request(), now: 1000).status == 521)
        #expect(engine.historyCounts() == ["mobile:919800000001": 1])
    }

    @Test("finished on a reply without busyCustomer does nothing")
    func finishedWithoutCustomer() throws {
        let engine = try Sim.engine()
        engine.finished(SimulatedReply(status: 404, body: ""))
        #expect(Sim.answer(engine, Sim.request()).status == 200)
    }
}
