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

    @Test("the response decoder is told each request's method")
    func heads() {
        #expect(HTTP1RequestWriter.head(for: .PUT).method == .PUT)
        #expect(HTTP1RequestWriter.head(for: .GET).method == .GET)
        #expect(HTTP1RequestWriter.head(for: .HEAD).method == .HEAD)
    }

    @Test("a line break, NUL or space where it would split the request: refused with what is wrong", arguments: [
        ("http://h/a b", "X", "1", "the URL has a space or a control character"),
        ("http://h/a\r\nX: 1", "X", "1", "the URL has a space or a control character"),
        ("http://h/a", "X", "1\r\nEvil: 1", "the value of the X header has a line break or a NUL"),
        ("http://h/a", "X", "1\u{0}", "the value of the X header has a line break or a NUL"),
        ("http://h/a", "X Y", "1", "the header name \"X Y\" is not a valid token"),
        ("http://h/a", "X:", "1", "the header name \"X:\" is not a valid token"),
        ("http://h/a", "", "1", "the header name \"\" is not a valid token"),
    ])
    func refused(url: String, name: String, value: String, reason: String) throws {
        let request = CapillaryRequest(method: "GET", url: url, headers: [.init(name: name, value: value)], body: [])
        let target = try #require(HTTPTarget(url: url))
        #expect(NIOHTTPTransport.unsendable(request, target: target) == reason)
    }

    @Test("a request as StatusBatch builds it passes, values with spaces and colons included")
    func accepted() throws {
        let request = CapillaryRequest.updateStatus(
            CustomerUpdate(identifierName: "mobile", identifierValue: "91 800 000 0001", label: "Gold", reason: "a: b",
                           source: "INSTORE", accountId: nil, createdOn: nil),
            endpoint: try CapillaryEndpoint(baseURL: "http://127.0.0.1:8080"), authHeaders: [("Authorization", "Basic eDp5")])
        let target = try #require(HTTPTarget(url: request.url))
        #expect(NIOHTTPTransport.unsendable(request, target: target) == nil)
        #expect(NIOHTTPTransport.unsendable(
            CapillaryRequest(method: "GET", url: request.url, headers: [.init(name: "X-Note", value: "a: b c")], body: []),
            target: target) == nil)
    }
}
