import Foundation
import Testing
@testable import StatusBatch

/// ReadReply: lookup and status-log answers read into customer ids, log entries, refusals and failures.
@Suite("ReadReply")
struct ReadReplyTests {
    static let now = 1_700_000_000.0
    /// 2026-11-30T10:15:02Z, in seconds since 1970.
    static let november = 1_796_033_702.0

    /// The status log of the API docs: the active Suspicious entry, then an older inactive one.
    static let statusLogBody = """
        {"statusLog":[{"label":"Suspicious","status":"SUSPENDED","reason":"chargeback","isActive":true,\
        "createdOn":"2026-11-30T10:15:02Z","createdId":566881934},\
        {"label":"VIP","status":"ACTIVE","reason":"Quarterly review","isActive":false,\
        "createdOn":"2026-11-29T08:00:00.250+05:30","createdId":"566881900"}],"warnings":[]}
        """

    /// Reads an HTTP answer with `body` to a `call`.
    static func read(_ status: Int, _ body: String, call: RequestCall = .lookup,
                     headers: [(String, String)] = [("Content-Type", "application/json")]) -> ReadReply {
        ReadReply.read(.answered(status: status, headers: headers, body: Array(body.utf8)), call: call, now: now)
    }

    /// The cause of a `.failed(.transient(...))` result, nil for anything else.
    static func transientCause(_ result: ReadResult) -> TransientCause? {
        guard case .failed(.transient(let cause, _, _, _)) = result else { return nil }
        return cause
    }

    @Test("a lookup answer gives the customer's id as text, wherever the document puts it", arguments: [
        (#"{"customers":[{"id":700000001,"firstname":"Ann","identifiers":[]}],"warnings":[]}"#, "700000001"),
        (#"{"id":"42"}"#, "42"),
        (#"{"id":42}"#, "42"),
        (#"{"customer":{"id":7}}"#, "7"),
        (#"{"customers":[{"id":"8"},{"id":"9"}]}"#, "8"),
    ])
    func lookupIds(body: String, id: String) {
        let reply = Self.read(200, body)
        #expect(reply.result == .customer(id: id))
        #expect(reply.httpStatus == 200)
    }

    @Test("a status log answer gives its entries, newest first, with createdOn in seconds and createdId as text")
    func statusLog() {
        let reply = Self.read(200, Self.statusLogBody, call: .statusLog)
        let expected = [
            StatusLogEntry(label: "Suspicious", reason: "chargeback", createdOn: Self.november, createdId: "566881934",
                           isActive: true),
            // 2026-11-29T08:00:00.250+05:30 is 02:30:00.250 UTC.
            StatusLogEntry(label: "VIP", reason: "Quarterly review", createdOn: 1_795_919_400.25,
                           createdId: "566881900", isActive: false),
        ]
        #expect(reply.result == .statusLog(expected))
        #expect(reply.httpStatus == 200)
    }

    @Test("a status log under `data`, an empty one, and isActive written as text are read too")
    func statusLogVariants() {
        #expect(Self.read(200, #"{"statusLog":[],"warnings":[]}"#, call: .statusLog).result == .statusLog([]))
        let data = Self.read(200, #"{"data":[{"label":"Gold","reason":"r","isActive":"true","createdOn":"bad"}]}"#,
                             call: .statusLog)
        #expect(data.result == .statusLog([StatusLogEntry(label: "Gold", reason: "r", createdOn: nil, createdId: nil,
                                                          isActive: true)]))
    }

    @Test("403 means the read calls are unavailable to this job")
    func forbidden() {
        let reply = Self.read(403, #"{"errors":[{"code":1,"message":"no access"}]}"#)
        guard case .unavailable(let message) = reply.result else {
            Issue.record("expected .unavailable, got \(reply.result)")
            return
        }
        #expect(message.contains("403") && message.contains("no access"))
        #expect(reply.httpStatus == 403)
        if case .unavailable = Self.read(403, "", call: .statusLog).result {} else { Issue.record("empty 403 not unavailable") }
    }

    @Test("404 and 405 without an API error mean the gateway does not offer the call", arguments: [
        (404, ""), (404, "{}"), (405, "<html><title>Method Not Allowed</title></html>"), (405, #"{"warnings":[]}"#),
    ])
    func absent(status: Int, body: String) {
        for call in [RequestCall.lookup, .statusLog] {
            let reply = Self.read(status, body, call: call)
            guard case .unavailable(let message) = reply.result else {
                Issue.record("\(status) \(call): expected .unavailable, got \(reply.result)")
                continue
            }
            #expect(message.contains("HTTP \(status)"))
            #expect(reply.httpStatus == status)
        }
    }

    @Test("an API error refuses the read for this row only: 8015 is a customer not found (400, 404 or 200), others a refusal")
    func rowRefused() {
        let body = #"{"errors":[{"code":8015,"message":"Customer not found"}]}"#
        #expect(Self.read(400, body).result == .customerNotFound(message: "Customer not found"))
        #expect(Self.read(404, body).result == .customerNotFound(message: "Customer not found"))
        #expect(Self.read(404, body, call: .statusLog).result == .customerNotFound(message: "Customer not found"))
        #expect(Self.read(200, body).result == .customerNotFound(message: "Customer not found"))
        let source = #"{"errors":[{"code":8003,"message":"Invalid source"}]}"#
        #expect(Self.read(400, source).result == .rowRefused(code: "8003", message: "Invalid source"))
    }

    @Test("a 200 HTML page is not a read-back document: a transient, unconfirmed failure")
    func htmlPage() {
        let page = "<!DOCTYPE html><html><head><title>Login</title></head><body>Sign in</body></html>"
        for call in [RequestCall.lookup, .statusLog] {
            let reply = Self.read(200, page, call: call, headers: [("Content-Type", "text/html")])
            #expect(Self.transientCause(reply.result) == .unconfirmed, "\(call): \(reply.result)")
            #expect(reply.httpStatus == 200)
        }
    }

    @Test("a 200 JSON document without the customer id or the statusLog array is a transient failure")
    func documentWithoutData() {
        #expect(Self.transientCause(Self.read(200, #"{"customers":[],"warnings":[]}"#).result) == .unconfirmed)
        #expect(Self.transientCause(Self.read(200, #"{"customer":{"name":"Ann"}}"#).result) == .unconfirmed)
        #expect(Self.transientCause(Self.read(200, #"{"warnings":[]}"#, call: .statusLog).result) == .unconfirmed)
        #expect(Self.transientCause(Self.read(200, #"{"statusLog":"none"}"#, call: .statusLog).result) == .unconfirmed)
        #expect(Self.transientCause(Self.read(200, "[1,2]").result) == .unconfirmed)
        #expect(Self.transientCause(Self.read(200, "").result) == .unconfirmed)
    }

    @Test("429 is throttled, with its Retry-After")
    func throttled() {
        let reply = Self.read(429, "", headers: [("Retry-After", "7")])
        guard case .failed(.throttled(let status, _, _, let retryAfter)) = reply.result else {
            Issue.record("expected throttled, got \(reply.result)")
            return
        }
        #expect(status == 429)
        #expect(retryAfter == 7)
        #expect(reply.httpStatus == 429)
    }

    @Test("503 is transient server trouble; 502 a gateway's")
    func serverTrouble() {
        #expect(Self.transientCause(Self.read(503, "Service Unavailable").result) == .server)
        #expect(Self.transientCause(Self.read(503, "", call: .statusLog).result) == .server)
        #expect(Self.transientCause(Self.read(502, "").result) == .gateway)
    }

    @Test("401 is unauthorized")
    func unauthorized() {
        guard case .failed(.unauthorized(let message)) = Self.read(401, #"{"errors":[{"code":401,"message":"Invalid token"}]}"#).result
        else {
            Issue.record("expected unauthorized")
            return
        }
        #expect(message.contains("Invalid token"))
    }

    @Test("a transport timeout is a transient timeout, with no HTTP status or request id")
    func timeout() {
        let reply = ReadReply.read(.failed(TransportFailure(kind: .timeout, message: "read timed out")), call: .statusLog,
                                   now: Self.now)
        #expect(Self.transientCause(reply.result) == .timeout)
        #expect(reply.httpStatus == nil)
        #expect(reply.requestId == nil)
        let tls = ReadReply.read(.failed(TransportFailure(kind: .tls, message: "bad certificate")), call: .lookup, now: Self.now)
        if case .failed(.fatal) = tls.result {} else { Issue.record("TLS failure not fatal: \(tls.result)") }
    }

    @Test("the HTTP status and the X-Cap-RequestID header (any case) are carried")
    func statusAndRequestId() {
        let found = Self.read(200, #"{"id":"42"}"#, headers: [("x-cap-requestid", "req-123")])
        #expect(found == ReadReply(result: .customer(id: "42"), httpStatus: 200, requestId: "req-123"))
        let refused = Self.read(400, #"{"errors":[{"code":8015,"message":"Customer not found"}]}"#,
                                headers: [("X-Cap-RequestID", "req-9")])
        #expect(refused.requestId == "req-9")
        #expect(refused.httpStatus == 400)
        #expect(Self.read(503, "").requestId == nil)
    }
}
