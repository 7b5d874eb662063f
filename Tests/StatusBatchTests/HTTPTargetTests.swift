import Testing
@testable import StatusBatch

/// Reading the connection and request target out of the URLs the transport is given.
@Suite struct HTTPTargetTests {
    @Test("scheme, host, port and request target; the Host header names a port only when it is not the scheme's")
    func parts() throws {
        let local = try #require(HTTPTarget(url: "http://127.0.0.1:8080/v2/customers/lookup/status?source=INSTORE&identifierValue=91%2B1"))
        #expect(local.origin == .init(secure: false, host: "127.0.0.1", port: 8080))
        #expect(local.requestTarget == "/v2/customers/lookup/status?source=INSTORE&identifierValue=91%2B1")
        #expect(local.origin.hostHeader == "127.0.0.1:8080")
        let cluster = try #require(HTTPTarget(url: "https://eu.api.capillarytech.com/v2/customers/lookup?x=1#part"))
        #expect(cluster.origin == .init(secure: true, host: "eu.api.capillarytech.com", port: 443))
        #expect(cluster.requestTarget == "/v2/customers/lookup?x=1")
        #expect(cluster.origin.hostHeader == "eu.api.capillarytech.com")
        let v6 = try #require(HTTPTarget(url: "http://[::1]:9000"))
        #expect(v6.origin == .init(secure: false, host: "::1", port: 9000))
        #expect(v6.requestTarget == "/")
        #expect(v6.origin.hostHeader == "[::1]:9000")
        #expect(HTTPTarget(url: "http://example.com?q=1")?.requestTarget == "/?q=1")
        #expect(HTTPTarget(url: "https://example.com:443/")?.origin.hostHeader == "example.com")
        // User information is not part of the host; a query value may hold what delimits elsewhere.
        let user = try #require(HTTPTarget(url: "http://user:pw@example.com:81/a?b=c%40d&e=f:g#h"))
        #expect(user.origin == .init(secure: false, host: "example.com", port: 81))
        #expect(user.requestTarget == "/a?b=c%40d&e=f:g")
        let unicode = try #require(HTTPTarget(url: "http://bücher.example/straße?q=é"))
        #expect(unicode.origin.host == "bücher.example")
        #expect(unicode.requestTarget == "/straße?q=é")
    }

    @Test("not an http URL with a host and a valid port: nil", arguments: [
        "ftp://example.com/", "http://", "http://:80/x", "http://example.com:0/", "http://example.com:70000/",
        "http://example.com:ab/", "http://[::1/", "example.com/v2",
    ])
    func refused(url: String) {
        #expect(HTTPTarget(url: url) == nil)
    }
}
