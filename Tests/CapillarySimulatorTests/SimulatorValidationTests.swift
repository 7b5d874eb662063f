import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatorValidation (through the engine): Capillary's request checks, their codes and their order.
@Suite("SimulatorValidation")
struct SimulatorValidationTests {
    static func reply(_ request: SimulatedRequest, _ configure: (inout SimulatorOptions) -> Void = { _ in })
        throws -> SimulatedReply {
        Sim.answer(try Sim.engine(configure), request)
    }

    @Test("every known source is accepted, in any case", arguments: [
        "INSTORE", "instore", "Martjack", "WEB_ENGAGE", "ECOMMERCE", "JD", "TAOBAO", "TMALL", "WEBSITE",
    ])
    func knownSources(source: String) throws {
        #expect(try Self.reply(Sim.request(source: source)).status == 200)
    }

    @Test("an unknown or missing source gets 400 code 8003", arguments: [
        Sim.query(source: "POS", value: "919800000001"),
        Sim.query(source: "", value: "919800000001"),
        "identifierName=mobile&identifierValue=919800000001",
    ])
    func unknownSource(rawQuery: String) throws {
        let reply = try Self.reply(Sim.request(rawQuery: rawQuery))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8003), "\(reply.body)")
    }

    @Test("an unknown identifierName, an empty value or a value ending 8013 gets 400 code 8013", arguments: [
        Sim.query(name: "phone", value: "919800000001"),
        Sim.query(name: "", value: "919800000001"),
        Sim.query(value: ""),
        Sim.query(value: "919800008013"),
        Sim.query(name: "email", value: "someone8013"),
        "source=INSTORE&identifierName=mobile",
    ])
    func invalidIdentifier(rawQuery: String) throws {
        let reply = try Self.reply(Sim.request(rawQuery: rawQuery))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8013), "\(reply.body)")
    }

    @Test("every known identifierName is accepted, in any case", arguments: [
        "mobile", "MOBILE", "email", "externalId", "cardnumber", "cardExternalId", "fbid", "martjackId", "id",
    ])
    func knownIdentifierNames(name: String) throws {
        #expect(try Self.reply(Sim.request(name: name)).status == 200)
    }

    @Test("a value ending 8015 is an unknown customer: 400 code 8015")
    func customerNotFoundSuffix() throws {
        let reply = try Self.reply(Sim.request(value: "919800008015"))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8015), "\(reply.body)")
    }

    @Test("with knownCustomers, only listed customers exist; the name is matched lower-cased")
    func knownCustomers() throws {
        let engine = try Sim.engine { $0.knownCustomers = ["mobile:919800000001", "email:a@b.com"] }
        #expect(Sim.answer(engine, Sim.request(value: "919800000001")).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "919800000001", name: "Mobile")).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "a%40b.com", name: "EMAIL")).status == 200)
        let unknown = Sim.answer(engine, Sim.request(value: "919800000002"))
        #expect(unknown.status == 400)
        #expect(unknown.errorCode == 8015)
        // The same value under another identifier name is another customer.
        #expect(Sim.answer(engine, Sim.request(value: "919800000001", name: "externalid")).errorCode == 8015)
    }

    @Test("with knownCustomers, a listed value ending 8015 exists")
    func knownCustomersOverrideSuffix() throws {
        let engine = try Sim.engine { $0.knownCustomers = ["mobile:919800008015"] }
        #expect(Sim.answer(engine, Sim.request(value: "919800008015")).status == 200)
    }

    @Test("a label the org does not have gets 400 code 8086", arguments: [
        #"{"reason":"r","label":"Bronze"}"#, #"{"reason":"r","label":"gold"}"#, #"{"reason":"r","label":""}"#,
        #"{"reason":"r"}"#, #"{"reason":"r","label":5}"#,
    ])
    func unknownLabel(body: String) throws {
        let reply = try Self.reply(Sim.request(body: body))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8086), "\(reply.body)")
    }

    @Test("configured labels replace the defaults")
    func configuredLabels() throws {
        let engine = try Sim.engine { $0.labels = ["Bronze"] }
        #expect(Sim.answer(engine, Sim.request(body: #"{"reason":"r","label":"Bronze"}"#)).status == 200)
        #expect(Sim.answer(engine, Sim.request(value: "919800000002")).errorCode == 8086)
    }

    @Test("a missing or empty reason, or a body that is not a JSON object, gets 400 code 8087", arguments: [
        #"{"label":"Gold"}"#, #"{"reason":"","label":"Gold"}"#, #"{"reason":3,"label":"Gold"}"#,
        "", "not json", "[1,2]", #""Gold""#,
    ])
    func missingReason(body: String) throws {
        let reply = try Self.reply(Sim.request(body: body))
        #expect(reply.status == 400)
        #expect(hasCapillaryErrorShape(reply, code: 8087), "\(reply.body)")
    }

    @Test("a Content-Type other than application/json gets 415", arguments: [
        [("Content-Type", "text/plain")], [("Content-Type", "application/x-www-form-urlencoded")], [],
    ])
    func nonJSONContentType(headers: [(String, String)]) throws {
        let reply = try Self.reply(Sim.request(headers: headers))
        #expect(reply.status == 415)
        #expect(hasCapillaryErrorShape(reply, code: 415))
    }

    @Test("application/json with parameters or another case is accepted", arguments: [
        "application/json; charset=utf-8", "Application/JSON",
    ])
    func jsonContentTypeVariants(value: String) throws {
        #expect(try Self.reply(Sim.request(headers: [("content-type", value)])).status == 200)
    }

    @Test("WECHAT, FACEBOOK, LINE and MOBILE_APP without accountId get 400 code 8045",
          arguments: ["WECHAT", "FACEBOOK", "LINE", "MOBILE_APP", "wechat"])
    func accountIdRequired(source: String) throws {
        let missing = try Self.reply(Sim.request(source: source))
        #expect(missing.status == 400)
        #expect(hasCapillaryErrorShape(missing, code: 8045), "\(missing.body)")
        let empty = try Self.reply(Sim.request(rawQuery: Sim.query(source: source, value: "1", extra: "&accountId=")))
        #expect(empty.errorCode == 8045)
        let given = Sim.query(source: source, value: "919800000001", extra: "&accountId=acc1")
        #expect(try Self.reply(Sim.request(rawQuery: given)).status == 200)
    }

    @Test("createdOn: a valid ISO 8601 date passes, an invalid one gets 400 code 8088")
    func createdOn() throws {
        let valid = #"{"reason":"r","label":"Gold","createdOn":"2024-05-01T10:00:00Z"}"#
        #expect(try Self.reply(Sim.request(body: valid)).status == 200)
        let fractional = #"{"reason":"r","label":"Gold","createdOn":"2024-05-01T10:00:00.123+05:30"}"#
        #expect(try Self.reply(Sim.request(body: fractional)).status == 200)
        let invalid = #"{"reason":"r","label":"Gold","createdOn":"yesterday"}"#
        let reply = try Self.reply(Sim.request(body: invalid))
        #expect(reply.status == 400)
        #expect(reply.errorCode == 8088)
    }

    @Test("createdOn: any text with a dot is not a valid date")
    func createdOnWithDot() throws {
        let body = #"{"reason":"r","label":"Gold","createdOn":"not.a.date"}"#
        #expect(try Self.reply(Sim.request(body: body)).errorCode == 8088)
    }

    @Test("the checks run in Capillary's order: 415, 8003, 8013, 8045, 8015, 8087, 8086")
    func order() throws {
        let bad = #"{"label":"Nope"}"#
        let text = [("Content-Type", "text/plain")]
        #expect(try Self.reply(Sim.request(value: "8015", source: "NOPE", name: "x", headers: text, body: bad)).status == 415)
        #expect(try Self.reply(Sim.request(value: "8015", source: "NOPE", name: "x", body: bad)).errorCode == 8003)
        #expect(try Self.reply(Sim.request(value: "8015", source: "WECHAT", name: "x", body: bad)).errorCode == 8013)
        #expect(try Self.reply(Sim.request(value: "8015", source: "WECHAT", body: bad)).errorCode == 8045)
        #expect(try Self.reply(Sim.request(value: "8015", body: bad)).errorCode == 8015)
        #expect(try Self.reply(Sim.request(value: "1", body: bad)).errorCode == 8087)
        #expect(try Self.reply(Sim.request(value: "1", body: #"{"reason":"r","label":"Nope"}"#)).errorCode == 8086)
    }

    @Test("problem(request:query:options:) is nil for a valid request")
    func validDirectly() {
        let request = Sim.request()
        #expect(SimulatorValidation.problem(request: request, query: request.query, options: SimulatorOptions()) == nil)
    }
}
