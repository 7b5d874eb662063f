import Foundation
import Synchronization
import Testing
@testable import StatusBatch

/// Authenticator: OAuth tokens generated on first use, renewed before they run out, and once after a 401.
@Suite("Authenticator")
struct AuthenticatorTests {
    static let endpoint = CapillaryEndpointFixture.loopback

    /// A token endpoint that hands out token-1, token-2, ... with the given TTL, counting calls.
    static func tokenTransport(clock: FakeClock, ttl: Int = 300, status: Int = 200) -> FakeTransport {
        let counter = Mutex(0)
        return FakeTransport(clock: clock) { request in
            #expect(request.url.hasSuffix("/v3/oauth/token/generate"))
            #expect(request.method == "POST")
            let n = counter.withLock { $0 += 1; return $0 }
            if status != 200 { return FakeTransport.json(status, #"{"errors":[{"code":401,"message":"bad key"}]}"#) }
            return FakeTransport.json(200, #"{"data":{"accessToken":"token-\#(n)","ttlSeconds":\#(ttl)},"errors":null}"#)
        }
    }

    @Test("basic credentials: static header, a 401 is fatal")
    func basic() throws {
        let clock = FakeClock()
        let auth = Authenticator(credentials: .basic(username: "u", password: "p"), endpoint: Self.endpoint,
                                 transport: Self.tokenTransport(clock: clock), clock: clock)
        let headers = try auth.headers()
        #expect(headers.headers.first?.0 == "Authorization")
        #expect(auth.refused(generation: headers.generation) == .fatal)
    }

    @Test("OAuth client: a token on first use, the same until shortly before it runs out, then a new one")
    func renewal() throws {
        let clock = FakeClock()
        let transport = Self.tokenTransport(clock: clock, ttl: 300)
        let auth = Authenticator(credentials: .oauthClient(key: "k", secret: "s"), endpoint: Self.endpoint,
                                 transport: transport, clock: clock)
        let first = try auth.headers()
        #expect(first.headers.first?.0 == "X-CAP-API-OAUTH-TOKEN")
        #expect(first.headers.first?.1 == "token-1")
        clock.advance(by: 269)
        #expect(try auth.headers().headers.first?.1 == "token-1")
        clock.advance(by: 2)  // 271 s: within the last 30 s of the 300 s lifetime
        let second = try auth.headers()
        #expect(second.headers.first?.1 == "token-2")
        #expect(second.generation == first.generation + 1)
        #expect(transport.sent.count == 2)
        #expect(String(decoding: transport.sent[0].request.body, as: UTF8.self) == #"{"key":"k","secret":"s"}"#)
    }

    @Test("OAuth client: one new token after a 401; a 401 for that new token is fatal; stale 401s are not")
    func refusal() throws {
        let clock = FakeClock()
        let transport = Self.tokenTransport(clock: clock)
        let auth = Authenticator(credentials: .oauthClient(key: "k", secret: "s"), endpoint: Self.endpoint,
                                 transport: transport, clock: clock)
        let first = try auth.headers()
        #expect(auth.refused(generation: first.generation) == .retry)
        let second = try auth.headers()
        #expect(second.headers.first?.1 == "token-2")
        #expect(auth.refused(generation: first.generation) == .retry, "a request that still carried the old token")
        #expect(auth.refused(generation: second.generation) == .fatal)
    }

    @Test("OAuth client: after an accepted request a later 401 again earns one new token")
    func acceptedResets() throws {
        let clock = FakeClock()
        let auth = Authenticator(credentials: .oauthClient(key: "k", secret: "s"), endpoint: Self.endpoint,
                                 transport: Self.tokenTransport(clock: clock), clock: clock)
        #expect(auth.refused(generation: try auth.headers().generation) == .retry)
        let second = try auth.headers()
        auth.accepted()
        #expect(auth.refused(generation: second.generation) == .retry)
    }

    @Test("OAuth client: a refused key/secret stops the job with a message that holds no secret")
    func badKey() throws {
        let clock = FakeClock()
        let auth = Authenticator(credentials: .oauthClient(key: "k", secret: "s3cr3t"), endpoint: Self.endpoint,
                                 transport: Self.tokenTransport(clock: clock, status: 401), clock: clock)
        #expect(throws: StatusBatchError.self) { try auth.headers() }
        do {
            _ = try auth.headers()
        } catch let error as StatusBatchError {
            #expect(error.status == .stoppedEarly)
            #expect(error.message.contains("HTTP 401"))
            #expect(!error.message.contains("s3cr3t"))
        }
    }

    @Test("a credentials file: key=value or JSON, never readable by others")
    func credentialsFile() throws {
        try withTempDir { dir in
            let env = try dir.write("c.env", "# comment\nCAPILLARY_CLIENT_KEY = key1\nCAPILLARY_CLIENT_SECRET=\"sec ret\"\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: env)
            guard case .oauthClient(let key, let secret) = try CapillaryCredentials.fromFile(env) else {
                Issue.record("expected OAuth client credentials"); return
            }
            #expect(key == "key1" && secret == "sec ret")
            let json = try dir.write("c.json", #"{"CAPILLARY_OAUTH_TOKEN":"tok"}"#)
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: json)
            guard case .oauthToken(let token) = try CapillaryCredentials.fromFile(json) else {
                Issue.record("expected a token"); return
            }
            #expect(token == "tok")
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: json)
            #expect(throws: StatusBatchError.self) { try CapillaryCredentials.fromFile(json) }
        }
    }
}

/// A loopback endpoint for tests that never open a socket.
enum CapillaryEndpointFixture {
    static var loopback: CapillaryEndpoint {
        // The URL is a constant that CapillaryEndpoint accepts; a failure here is a test bug.
        (try? CapillaryEndpoint(baseURL: "http://127.0.0.1:9")) ?? CapillaryEndpointFixture.unreachable()
    }

    private static func unreachable() -> CapillaryEndpoint {
        Issue.record("the loopback endpoint was refused")
        return (try? CapillaryEndpoint(baseURL: "https://example.invalid"))!
    }
}

/// Concurrent refusals of one token lead to one regeneration, not a stop.
@Suite("Authenticator: concurrent refusals")
struct AuthenticatorConcurrentRefusalTests {
    @Test("four requests in flight with a revoked token: all retried, one new token")
    func concurrentRefusals() throws {
        let clock = FakeClock()
        let transport = AuthenticatorTests.tokenTransport(clock: clock)
        let auth = Authenticator(credentials: .oauthClient(key: "k", secret: "s"), endpoint: AuthenticatorTests.endpoint,
                                 transport: transport, clock: clock)
        let first = try auth.headers()
        for _ in 0..<4 { #expect(auth.refused(generation: first.generation) == .retry) }
        let second = try auth.headers()
        #expect(second.headers.first?.1 == "token-2")
        #expect(transport.sent.count == 2)
        #expect(auth.refused(generation: second.generation) == .fatal)
    }
}
