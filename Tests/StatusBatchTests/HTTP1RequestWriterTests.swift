import NIOCore
import Testing
@testable import StatusBatch

/// The bytes a request goes on the wire as, and the requests refused before any byte is written.
@Suite struct HTTP1RequestWriterTests {
    static func text(_ request: CapillaryRequest) throws -> String {
        let target = try #require(HTTPTarget(url: request.url))
        return String(buffer: HTTP1RequestWriter.bytes(of: request, target: target))
    }

    @Test("a PUT: request line, Host with its port, the headers in order, Content-Length, the body")
    func put() throws {
        let request = CapillaryRequest(
            method: "PUT", url: "http://127.0.0.1:8080/v2/customers/lookup/status?source=INSTORE&identifierValue=91%2B1",
            headers: [.init(name: "Content-Type", value: "application/json"), .init(name: "Authorization", value: "Basic eDp5")],
            body: Array(#"{"label":"Gold"}"#.utf8))
        #expect(try Self.text(request) == """
            PUT /v2/customers/lookup/status?source=INSTORE&identifierValue=91%2B1 HTTP/1.1\r
            Host: 127.0.0.1:8080\r
            Content-Type: application/json\r
            Authorization: Basic eDp5\r
            Content-Length: 16\r
            \r
            {"label":"Gold"}
            """)
    }

    @Test("a GET without a body has no Content-Length; the Host of the scheme's own port has none either")
    func get() throws {
        let request = CapillaryRequest(method: "GET", url: "https://eu.api.capillarytech.com/v2/customers/7/statusLog",
                                       headers: [.init(name: "Accept", value: "application/json")], body: [])
        #expect(try Self.text(request) == "GET /v2/customers/7/statusLog HTTP/1.1\r\nHost: eu.api.capillarytech.com\r\n"
                + "Accept: application/json\r\n\r\n")
        let empty = CapillaryRequest(method: "POST", url: "http://[::1]:9000/x", headers: [], body: [])
        #expect(try Self.text(empty) == "POST /x HTTP/1.1\r\nHost: [::1]:9000\r\nContent-Length: 0\r\n\r\n")
    }

    @Test("a line break, a control character or a space where it would split the request: refused", arguments: [
        ("http://h/a b", "X", "1", "the URL's path or query has a character"),
        ("http://h/a\r\nX: 1", "X", "1", "the URL's path or query has a character"),
        ("http://h/stra\u{DF}e", "X", "1", "the URL's path or query has a character"),
        ("http://h/a{b}", "X", "1", "the URL's path or query has a character"),
        ("http://h/a", "X", "1\r\nEvil: 1", "the value of the X header has a line break or another control character"),
        ("http://h/a", "X", "1\u{0}", "the value of the X header has a line break or another control character"),
        ("http://h/a", "X", "1\u{1}", "the value of the X header has a line break or another control character"),
        ("http://h/a", "X", "1\u{7F}", "the value of the X header has a line break or another control character"),
        ("http://h/a", "X Y", "1", "the header name \"X Y\" is not a valid token"),
        ("http://h/a", "X:", "1", "the header name \"X:\" is not a valid token"),
        ("http://h/a", "X(Y", "1", "the header name \"X(Y\" is not a valid token"),
        ("http://h/a", "", "1", "the header name \"\" is not a valid token"),
    ])
    func refused(url: String, name: String, value: String, reason: String) throws {
        let request = CapillaryRequest(method: "GET", url: url, headers: [.init(name: name, value: value)], body: [])
        let target = try #require(HTTPTarget(url: url))
        let problem = try #require(HTTPRequestCheck.problem(with: request, target: target))
        #expect(problem.hasPrefix(reason), "\(problem)")
    }

    @Test("an invalid method or host is refused; the transport fails such a request as invalid_request, which stops the job")
    func refusedMethodAndHost() throws {
        let target = try #require(HTTPTarget(url: "http://h/a"))
        #expect(HTTPRequestCheck.problem(with: CapillaryRequest(method: "GE T", url: "http://h/a", headers: [], body: []),
                                         target: target) == "the method \"GE T\" is not a valid token")
        let spaced = try #require(HTTPTarget(url: "http://a b/x"))
        #expect(HTTPRequestCheck.problem(with: CapillaryRequest(method: "GET", url: "http://a b/x", headers: [], body: []),
                                         target: spaced) == "the URL's host has a character a Host header cannot carry")
        let failure = TransportFailure(kind: .invalidRequest, message: "the value of the X header has a line break")
        guard case .fatal(let message) = OutcomeClassifier.classify(.failed(failure), now: 0) else {
            Issue.record("an invalid request is not fatal")
            return
        }
        #expect(message.contains("cannot be sent"))
    }

    @Test("a request as StatusBatch builds it passes: spaces and colons in values, a tab, UTF-8, percent-encoded queries")
    func accepted() throws {
        let request = CapillaryRequest.updateStatus(
            CustomerUpdate(identifierName: "mobile", identifierValue: "91 800 ü 0001", label: "Gold", reason: "a: b",
                           source: "INSTORE", accountId: nil, createdOn: nil),
            endpoint: try CapillaryEndpoint(baseURL: "http://127.0.0.1:8080"), authHeaders: [("Authorization", "Basic eDp5")])
        let target = try #require(HTTPTarget(url: request.url))
        #expect(HTTPRequestCheck.problem(with: request, target: target) == nil)
        let headers: [CapillaryRequest.HTTPHeader] = [.init(name: "X-Note", value: "a: b\tc ü"),
                                                      .init(name: "X-CAP-API-OAUTH-TOKEN", value: "eyJ.a-b_c.d~e+f/g=")]
        #expect(HTTPRequestCheck.problem(with: CapillaryRequest(method: "GET", url: request.url, headers: headers, body: []),
                                         target: target) == nil)
        let v6 = try #require(HTTPTarget(url: "http://[::1]:9000/v2/customers/12/statusLog"))
        #expect(HTTPRequestCheck.problem(with: CapillaryRequest(method: "GET", url: "http://[::1]:9000/v2/customers/12/statusLog",
                                                                headers: [], body: []), target: v6) == nil)
    }
}
