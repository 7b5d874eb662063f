import Testing
@testable import StatusBatch

/// CapillaryAnswer.parse: createdId, errors/warnings with string or number codes, Retry-After, non-JSON bodies.
@Suite("CapillaryAnswer")
struct CapillaryAnswerTests {
    static func parse(_ status: Int, _ body: String, headers: [(String, String)] = [], now: Double = 0) -> CapillaryAnswer {
        CapillaryAnswer.parse(status: status, headers: headers, body: Array(body.utf8), now: now)
    }

    @Test("a success body gives the createdId as text")
    func createdId() {
        let answer = Self.parse(200, #"{"createdId":566881933,"warnings":[]}"#)
        #expect(answer == CapillaryAnswer(httpStatus: 200, createdId: "566881933", errors: [], warnings: [],
                                          retryAfter: nil, unreadableBody: nil))
    }

    @Test("errors and warnings with string and number codes")
    func codes() {
        let body = #"""
            {"createdId":"77","errors":[{"code":"UPDATECUSTOMERSTATUS_1032","message":"Label not found"},
             {"code":8015,"message":"Customer not found"},"plain text"],
             "warnings":[{"code":1001,"message":"w"},{"message":"no code"}]}
            """#
        let answer = Self.parse(200, body)
        #expect(answer.createdId == "77")
        #expect(answer.errors == [
            APIMessage(code: "UPDATECUSTOMERSTATUS_1032", message: "Label not found"),
            APIMessage(code: "8015", message: "Customer not found"),
            APIMessage(code: nil, message: "plain text"),
        ])
        #expect(answer.warnings == [APIMessage(code: "1001", message: "w"), APIMessage(code: nil, message: "no code")])
        #expect(answer.unreadableBody == nil)
    }

    @Test("Retry-After in seconds, any header case")
    func retryAfterSeconds() {
        #expect(Self.parse(429, "", headers: [("Retry-After", "2")]).retryAfter == 2)
        #expect(Self.parse(429, "", headers: [("retry-after", " 1.5 ")]).retryAfter == 1.5)
        #expect(Self.parse(429, "", headers: [("Retry-After", "soon")]).retryAfter == nil)
        #expect(Self.parse(429, "", headers: [("Retry-After", "-3")]).retryAfter == nil)
        #expect(Self.parse(429, "").retryAfter == nil)
    }

    @Test("Retry-After as an HTTP date is relative to now, never negative")
    func retryAfterDate() {
        // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480 seconds after 1970.
        let date = "Wed, 21 Oct 2015 07:28:00 GMT"
        #expect(Self.parse(503, "", headers: [("Retry-After", date)], now: 1_445_412_450).retryAfter == 30)
        #expect(Self.parse(503, "", headers: [("Retry-After", date)], now: 1_445_412_500).retryAfter == 0)
        #expect(RetryAfter.seconds("Wednesday, 21-Oct-15 07:28:00 GMT", now: 1_445_412_470) == 10)
        #expect(RetryAfter.seconds("Wed Oct 21 07:28:00 2015", now: 1_445_412_477) == 3)
    }

    @Test("non-JSON bodies are described, not parsed")
    func nonJSON() {
        let html = Self.parse(502, "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>")
        #expect(html.unreadableBody == "non-JSON HTML body: 502 Bad Gateway nginx")
        let xml = Self.parse(401, #"<?xml version="1.0"?><fault><message>Invalid credentials</message></fault>"#)
        #expect(xml.unreadableBody == "non-JSON XML body: Invalid credentials")
        #expect(Self.parse(200, "OK\n").unreadableBody == "non-JSON text body: OK")
        #expect(Self.parse(200, " \r\n").unreadableBody == "empty body")
        #expect(Self.parse(200, "[1,2]").unreadableBody == "non-JSON text body: [1,2]")
        #expect(Self.parse(200, "{broken").unreadableBody == "non-JSON text body: {broken")
    }
}
