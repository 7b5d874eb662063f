import Testing
@testable import StatusBatch

/// OutcomeClassifier: success, permanent, transient and fatal answers, and transport failures.
@Suite("OutcomeClassifier")
struct OutcomeClassifierTests {
    static func classify(_ status: Int, _ body: String, headers: [(String, String)] = [], now: Double = 0) -> Classification {
        OutcomeClassifier.classify(.answered(status: status, headers: headers, body: Array(body.utf8)), now: now)
    }

    @Test("200 with createdId is a success")
    func success() {
        #expect(Self.classify(200, #"{"createdId":566881933,"warnings":[]}"#) ==
            .success(createdId: "566881933", warnings: []))
        #expect(Self.classify(200, #"{"createdId":1,"warnings":[{"code":"W1","message":"label unchanged"}]}"#) ==
            .success(createdId: "1", warnings: [APIMessage(code: "W1", message: "label unchanged")]))
    }

    @Test("200 with an errors array is permanent: errors win")
    func errorsWinOverSuccess() {
        let body = #"{"createdId":5,"errors":[{"code":"UPDATECUSTOMERSTATUS_1032","message":"Label not found"}]}"#
        #expect(Self.classify(200, body) == .permanent(code: "UPDATECUSTOMERSTATUS_1032", message: "Label not found"))
    }

    @Test("400 with code 8015 is permanent with the code as text; messages are joined")
    func permanentNumberCode() {
        #expect(Self.classify(400, #"{"errors":[{"code":8015,"message":"Customer not found"}]}"#) ==
            .permanent(code: "8015", message: "Customer not found"))
        #expect(Self.classify(400, #"{"errors":[{"code":8086,"message":"a"},{"code":1,"message":"b"}]}"#) ==
            .permanent(code: "8086", message: "a; b"))
        #expect(Self.classify(400, #"{"errors":[{"code":8086}]}"#) == .permanent(code: "8086", message: "API error 8086"))
        #expect(Self.classify(404, "Not Found") == .permanent(code: nil, message: "HTTP 404: non-JSON text body: Not Found"))
    }

    @Test("401 and 403 are fatal, whatever the body")
    func fatal() {
        let xml = #"<?xml version="1.0"?><fault><message>Invalid credentials</message></fault>"#
        #expect(Self.classify(401, xml) == .unauthorized(message: "HTTP 401 unauthorized: non-JSON XML body: Invalid credentials"))
        #expect(Self.classify(403, #"{"errors":[{"code":403,"message":"Forbidden till"}]}"#) ==
            .fatal(message: "HTTP 403 forbidden: Forbidden till"))
        #expect(Self.classify(401, "") == .unauthorized(message: "HTTP 401 unauthorized: empty body"))
    }

    @Test("an HTML 502 page is transient and says HTML")
    func htmlGateway() {
        let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
        #expect(Self.classify(502, page) ==
            .transient(cause: .gateway, code: nil, message: "HTTP 502: non-JSON HTML body: 502 Bad Gateway502 Bad Gateway", retryAfter: nil))
    }

    @Test("429 with Retry-After is throttled and carries the delay")
    func throttled() {
        #expect(Self.classify(429, #"{"errors":[{"code":429,"message":"Too many requests"}]}"#, headers: [("Retry-After", "2")]) ==
            .throttled(status: 429, code: "429", message: "HTTP 429: Too many requests", retryAfter: 2))
        #expect(Self.classify(429, "", headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], now: 1_445_412_475) ==
            .throttled(status: 429, code: nil, message: "HTTP 429: empty body", retryAfter: 5))
    }

    @Test("461 (search busy) and 521 (customer busy) are throttled, not transient", arguments: [461, 521])
    func busyStatuses(status: Int) {
        #expect(Self.classify(status, "") == .throttled(status: status, code: nil, message: "HTTP \(status): empty body", retryAfter: nil))
    }

    @Test("other transient statuses", arguments: [408, 425, 500, 503, 504, 599])
    func transientStatuses(status: Int) {
        let cause: TransientCause = status == 504 ? .gateway : .server
        #expect(Self.classify(status, "") == .transient(cause: cause, code: nil, message: "HTTP \(status): empty body", retryAfter: nil))
    }

    @Test("a gateway's 502/504, a timeout, a dropped connection and a 2xx without the success document may have been applied; 500, 503 and a refused connection not")
    func mayHaveBeenApplied() {
        let applied: [TransientCause] = [.gateway, .timeout, .connection, .unconfirmed, .other]
        #expect(applied.filter { !$0.mayHaveBeenApplied }.isEmpty)
        #expect([TransientCause.server, .unreachable].filter { $0.mayHaveBeenApplied }.isEmpty)
        #expect(OutcomeClassifier.classify(.failed(TransportFailure(kind: .unreachable, message: "refused")), now: 0) ==
            .transient(cause: .unreachable, code: nil, message: "unreachable: refused", retryAfter: nil))
    }

    @Test("transport failures are transient")
    func transportFailures() {
        #expect(OutcomeClassifier.classify(.failed(TransportFailure(kind: .timeout, message: "read timed out")), now: 0) ==
            .transient(cause: .timeout, code: nil, message: "timeout: read timed out", retryAfter: nil))
        #expect(OutcomeClassifier.classify(.failed(TransportFailure(kind: .connection, message: "refused")), now: 0) ==
            .transient(cause: .connection, code: nil, message: "connection: refused", retryAfter: nil))
    }

    @Test("a 2xx without the success document (not JSON, empty, no createdId) is not a success: its effect is uncertain")
    func successWithoutDocument() {
        #expect(Self.classify(200, "OK") == .transient(cause: .unconfirmed, code: nil,
            message: "HTTP 200 without the success document (non-JSON text body: OK)", retryAfter: nil))
        #expect(Self.classify(204, "") == .transient(cause: .unconfirmed, code: nil,
            message: "HTTP 204 without the success document (empty body)", retryAfter: nil))
        #expect(Self.classify(200, #"{"warnings":[]}"#) == .transient(cause: .unconfirmed, code: nil,
            message: "HTTP 200 without the success document (no createdId)", retryAfter: nil))
        let page = "<html><head><title>Service maintenance</title></head><body>Back soon</body></html>"
        guard case .transient(.unconfirmed, nil, let message, nil) = Self.classify(200, page) else {
            Issue.record("an HTML 200 must be uncertain")
            return
        }
        #expect(message.contains("HTML"))
    }
}
