import Testing
@testable import StatusBatch

/// CapillaryEndpoint: https required except for loopback, cluster presets, normalisation.
@Suite("CapillaryEndpoint")
struct CapillaryEndpointTests {
    @Test("plain http is allowed for loopback hosts", arguments: [
        "http://127.0.0.1:8080", "http://localhost:9000", "http://[::1]:8080", "http://LOCALHOST", "http://127.0.0.1",
        "http://127.1.2.3:80/base",
    ])
    func loopbackHTTP(url: String) throws {
        #expect(try CapillaryEndpoint(baseURL: url).baseURL == url)
    }

    @Test("plain http to any other host is refused", arguments: [
        "http://eu.api.capillarytech.com", "http://10.0.0.1:8080", "http://localhost.example.com", "http://[::2]:80",
        "ftp://eu.api.capillarytech.com", "eu.api.capillarytech.com", "https://", "https:///path",
    ])
    func refused(url: String) {
        let error = #expect(throws: StatusBatchError.self) { _ = try CapillaryEndpoint(baseURL: url) }
        #expect(error?.status == .usageError)
    }

    @Test("a loopback-looking user-info or DNS name does not make a remote host loopback",
        arguments: ["http://127.0.0.1@evil.example.com/", "http://localhost:80@evil.example.com", "http://127.evil.example.com"])
    func userInfoIsNotTheHost(url: String) {
        #expect(throws: StatusBatchError.self) { _ = try CapillaryEndpoint(baseURL: url) }
    }

    @Test("trailing slashes and surrounding spaces are removed")
    func normalised() throws {
        #expect(try CapillaryEndpoint(baseURL: "https://eu.api.capillarytech.com/").baseURL == "https://eu.api.capillarytech.com")
        #expect(try CapillaryEndpoint(baseURL: "  https://example.com/api///  ").baseURL == "https://example.com/api")
        #expect(try CapillaryEndpoint(baseURL: "HTTPS://Example.com").baseURL == "HTTPS://Example.com")
    }

    @Test("cluster names map to Capillary's hosts", arguments: [
        ("apac", "https://apac.api.capillarytech.com"), ("apac2", "https://apac2.api.capillarytech.com"),
        ("eu", "https://eu.api.capillarytech.com"), ("US", "https://us.api.capillarytech.com"),
    ])
    func clusters(name: String, url: String) throws {
        #expect(try CapillaryEndpoint.cluster(name) == CapillaryEndpoint(baseURL: url))
        #expect(try CapillaryEndpoint.cluster(name).baseURL == url)
    }

    @Test("an unknown cluster is a usage error listing the known ones")
    func unknownCluster() {
        let error = #expect(throws: StatusBatchError.self) { _ = try CapillaryEndpoint.cluster("india") }
        #expect(error?.status == .usageError)
        #expect(error?.message == "--cluster india: expected one of apac, apac2, eu, us")
    }
}
