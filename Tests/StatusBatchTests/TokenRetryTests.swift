import Testing
@testable import StatusBatch

/// The OAuth token call is retried when the endpoint is in trouble (5xx, 429, timeouts) and stops the job only
/// when it keeps failing or refuses the key and secret; a 498 answer is an expired token.
@Suite("OAuth token retries")
struct TokenRetryTests {
    typealias S = SendingCoreScript

    static func answered(_ status: Int, _ body: String = "") -> TransportResult {
        .answered(status: status, headers: [], body: Array(body.utf8))
    }

    @Test("reading a token call: a token; 5xx, 429, 408, timeouts and connections are worth a retry; 400/401/403 and TLS refuse")
    func outcomes() {
        #expect(OAuthTokenRequest.read(Self.answered(200, #"{"data":{"accessToken":"t1","ttlSeconds":60}}"#))
            == .issued(token: "t1", lifetime: 60))
        for status in [500, 502, 503, 429, 408] {
            guard case .unavailable(let message) = OAuthTokenRequest.read(Self.answered(status)) else {
                Issue.record("HTTP \(status) must be worth a retry")
                continue
            }
            #expect(message.contains("HTTP \(status)"))
        }
        for kind in [TransportFailure.Kind.timeout, .connection, .unreachable] {
            guard case .unavailable = OAuthTokenRequest.read(.failed(TransportFailure(kind: kind, message: "x"))) else {
                Issue.record("\(kind) must be worth a retry")
                continue
            }
        }
        for status in [400, 401, 403] {
            guard case .refused(let message) = OAuthTokenRequest.read(Self.answered(status)) else {
                Issue.record("HTTP \(status) must refuse")
                continue
            }
            #expect(message.contains("CAPILLARY_CLIENT_KEY"))
        }
        guard case .refused = OAuthTokenRequest.read(.failed(TransportFailure(kind: .tls, message: "x"))) else {
            Issue.record("a TLS failure must refuse")
            return
        }
    }

    @Test("a 498 on a call is an expired token, like a 401")
    func expiredToken() {
        let answer = CapillaryAnswer.parse(status: 498, headers: [], body: [], now: 0)
        #expect(OutcomeClassifier.classify(answer) == .unauthorized(message: "HTTP 498 unauthorized: empty body"))
    }

    @Test("in the core: an unavailable token endpoint is tried again after a backoff; the token then lets rows go")
    func retried() throws {
        var script = try S(oauth: true)
        var random = SeededRandom(seed: 7)
        let delay = 0.5 * random.nextUnit()
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .requestToken),
            step(0, [.tokenUnavailable(message: "the OAuth token endpoint answered HTTP 503 (x)")], .wait(until: delay)),
            step(delay, .requestToken),
            step(delay, [.tokenIssued(token: "t", lifetime: 300)], .start(rowId: 1, scheduledAt: 0, token: "t")),
        ]) == nil)
    }

    @Test("in the core: a token endpoint that keeps failing stops the job after --max-attempts calls")
    func keepsFailing() throws {
        var script = try S(maxAttempts: 2, oauth: true)
        #expect(script.run([
            step(0, .claim(limit: 2)),
            step(0, [.claimed([S.row(1)], nextDue: nil)], .requestToken),
        ]) == nil)
        script.core.handle(.tokenUnavailable(message: "HTTP 503"), now: 0)
        var now = 0.0
        while case .wait(let until) = script.core.nextAction(now: now), let until { now = until }
        #expect(script.core.nextAction(now: now) == .requestToken)
        script.core.handle(.tokenUnavailable(message: "HTTP 503"), now: now)
        #expect(script.core.nextAction(now: now) == .commit(outcomes: [RowOutcome(rowId: 1, resolution: .released(), finishedAt: now)],
                                                            pauses: []))
        #expect(script.core.nextAction(now: now) == .finish(.fatal("HTTP 503; the OAuth token call failed 2 times in a row")))
    }
}
