import Foundation
import Synchronization

/// Supplies each request's authentication headers. For an OAuth client key and secret it generates
/// a token, renews it shortly before `ttlSeconds` run out, and once more after a 401; a second 401
/// for a fresh token stops the job. Tokens live in memory only.
final class Authenticator: Sendable {
    /// What a refused request (401) means.
    enum Verdict: Equatable {
        /// Send the row again (a new token will be used).
        case retry
        /// Stop the job: the credentials are refused.
        case fatal
    }

    private struct State {
        var token: String?
        var expiresAt = 0.0
        /// Increases with every token, so a 401 for an older token is not held against the new one.
        var generation = 0
        var regeneratedAfterRefusal = false
        /// The token generation whose refusal caused the pending regeneration.
        var refusedGeneration = -1
    }

    private let credentials: CapillaryCredentials
    private let endpoint: CapillaryEndpoint
    private let transport: HTTPTransport
    private let clock: JobClock
    private let state = Mutex(State())
    private let renewal = Mutex(())

    init(credentials: CapillaryCredentials, endpoint: CapillaryEndpoint, transport: HTTPTransport, clock: JobClock) {
        self.credentials = credentials
        self.endpoint = endpoint
        self.transport = transport
        self.clock = clock
    }

    /// The headers for the next request and the token generation they carry; generates or renews the
    /// OAuth token first when needed (blocking the calling thread, never an event loop).
    func headers() throws -> (headers: [(String, String)], generation: Int) {
        guard case .oauthClient(let key, let secret) = credentials else { return (credentials.headers, 0) }
        return try renewal.withLock { _ in
            let current = state.withLock { ($0.token, $0.expiresAt, $0.generation) }
            if let token = current.0, clock.now() < current.1 {
                return ([(CapillaryCredentials.oauthHeader, token)], current.2)
            }
            let request = OAuthTokenRequest.make(key: key, secret: secret, endpoint: endpoint)
            let result = transport.sendAndWait(request)
            guard case .answered(let status, _, let body) = result else {
                if case .failed(let failure) = result {
                    throw StatusBatchError(.stoppedEarly, "OAuth token generation failed: \(failure.kind.rawValue): \(failure.message)")
                }
                throw StatusBatchError(.stoppedEarly, "OAuth token generation failed")
            }
            let (token, ttl) = try OAuthTokenRequest.parse(status: status, body: body)
            // Renew before the token runs out: 10 % of its lifetime early, at most 30 s.
            let margin = min(30, ttl * 0.1)
            return state.withLock { s in
                s.token = token
                s.expiresAt = clock.now() + ttl - margin
                s.generation += 1
                return ([(CapillaryCredentials.oauthHeader, token)], s.generation)
            }
        }
    }

    /// A request made with token `generation` was answered 401.
    func refused(generation: Int) -> Verdict {
        guard case .oauthClient = credentials else { return .fatal }
        return state.withLock { s in
            // A 401 for an older token, or another one for the token already being replaced: not held against us.
            if generation < s.generation || generation == s.refusedGeneration { return .retry }
            if s.regeneratedAfterRefusal { return .fatal }
            s.regeneratedAfterRefusal = true
            s.refusedGeneration = generation
            s.token = nil
            return .retry
        }
    }

    /// A request was accepted: a later 401 may again be answered by one new token.
    func accepted() {
        state.withLock { $0.regeneratedAfterRefusal = false }
    }
}

extension HTTPTransport {
    /// Sends one request and waits for its result (for the rare calls outside the worker pool).
    func sendAndWait(_ request: CapillaryRequest) -> TransportResult {
        let condition = NSCondition()
        let box = Mutex<TransportResult?>(nil)
        send(request) { result in
            condition.lock()
            box.withLock { $0 = result }
            condition.signal()
            condition.unlock()
        }
        condition.lock()
        while box.withLock({ $0 }) == nil { condition.wait() }
        condition.unlock()
        return box.withLock { $0 } ?? .failed(TransportFailure(kind: .other, message: "no result"))
    }
}
