import Foundation

/// OAuth: issuing tokens, and deciding whether a request is authorised (Basic or OAuth).
extension SimulatorState {
    /// `POST /v3/oauth/token/generate` with `{"key": K, "secret": S}`: a new token when both match the options,
    /// otherwise 401. The route answers 404 unless OAuth is configured (checked by the router).
    mutating func generateToken(_ request: SimulatedRequest, now: Double) -> SimulatedReply {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
        guard let key = body?["key"] as? String, let secret = body?["secret"] as? String,
              key == options.oauthKey, secret == options.oauthSecret else {
            return SimulatorErrors.unauthorized("Invalid OAuth key or secret", xml: options.xml401)
        }
        let token = tokens.issue(now: now)
        let ttlSeconds = Int(min(max(options.oauthTTL, 0), Double(Int32.max)).rounded(.down))
        return SimulatorJSON.ok([
            "data": ["accessToken": token, "ttlSeconds": ttlSeconds] as [String: Any],
            "errors": NSNull(),
        ])
    }

    /// Nil when the request may proceed, otherwise the 401 to answer. With neither `expectedAuthorization` nor
    /// OAuth configured everything may proceed; otherwise an `Authorization` header equal to
    /// `expectedAuthorization`, or an `X-CAP-API-OAUTH-TOKEN` issued here and not expired at `now`, is needed.
    func authorizationProblem(_ request: SimulatedRequest, now: Double) -> SimulatedReply? {
        guard options.requiresAuthorization else { return nil }
        if let key = options.expectedAuthKey, request.header("x-cap-api-auth-key") != key {
            return SimulatorErrors.unauthorized("Invalid or missing X-CAP-API-AUTH-KEY", xml: options.xml401)
        }
        if let expected = options.expectedAuthorization, request.header("authorization") == expected { return nil }
        if let token = request.header("x-cap-api-oauth-token") {
            switch tokens.standing(of: token, now: now) {
            case .valid: return nil
            case .expired:
                return SimulatorErrors.unauthorized("OAuth token expired", xml: options.xml401,
                                                    xmlMessage: "OAuth token expired")
            case .unknown: break
            }
        }
        return SimulatorErrors.unauthorized("Invalid or missing credentials", xml: options.xml401)
    }
}
