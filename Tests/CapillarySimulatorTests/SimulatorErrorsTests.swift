import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorErrors: Capillary's error body, valid JSON whatever the message holds.
@Suite("SimulatorErrors")
struct SimulatorErrorsTests {
    @Test("the body is {errors:[{status:false,code,message}],warnings:[]} with the given status")
    func shape() throws {
        let reply = SimulatorErrors.reply(400, code: 8015, "Customer not found")
        #expect(reply.status == 400)
        #expect(reply.headers.isEmpty && reply.delay == 0 && !reply.drop && reply.busyCustomer == nil)
        #expect(hasCapillaryErrorShape(reply, code: 8015))
        let message = (reply.json?["errors"] as? [[String: Any]])?.first?["message"] as? String
        #expect(message == "Customer not found")
    }

    @Test("quotes and backslashes in the message are escaped", arguments: [
        #"Invalid status label 'a"b'"#, #"back\slash"#, #"both \" mixed"#, "No route for /v2/\"x\"",
    ])
    func escaping(message: String) throws {
        let reply = SimulatorErrors.reply(404, code: 404, message)
        let json = try #require(reply.json, "not JSON: \(reply.body)")
        let first = (json["errors"] as? [[String: Any]])?.first
        #expect(first?["message"] as? String == message)
    }

    @Test("a label with a quote is echoed in a valid 8086 body")
    func labelWithQuote() throws {
        let reply = Sim.answer(try Sim.engine(), Sim.request(body: #"{"reason":"r","label":"Go\"ld"}"#))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8086), "\(reply.body)")
    }

    @Test("control characters in the message are escaped (a label with a tab or newline)",
          arguments: [
        #"{"reason":"r","label":"Go\tld"}"#, #"{"reason":"r","label":"Go\nld"}"#, #"{"reason":"r","label":"\u0001"}"#,
    ])
    func controlCharacters(body: String) throws {
        let reply = Sim.answer(try Sim.engine(), Sim.request(body: body))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8086), "not valid JSON: \(reply.body.debugDescription)")
    }
}
