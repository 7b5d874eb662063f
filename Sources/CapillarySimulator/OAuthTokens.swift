/// The OAuth tokens an engine has issued and when each expires. Expired tokens are kept, so a late one can be
/// told apart from one that was never issued.
struct OAuthTokens {
    /// What a presented token is worth at a given time.
    enum Standing: Equatable {
        case valid, expired, unknown
    }

    private let seed: UInt64
    private let ttl: Double
    private var expiries: [String: Double] = [:]
    private var issued = 0

    init(seed: UInt64, ttl: Double, revokeAfter: Double? = nil) {
        self.seed = seed
        self.ttl = min(ttl, revokeAfter ?? ttl)
    }

    /// Issues a new token, unique within this engine, valid from `now` until `now + ttl` (exclusive;
    /// earlier when tokens are revoked early).
    mutating func issue(now: Double) -> String {
        issued += 1
        let token = "sim-oauth-\(seed)-\(issued)"
        expiries[token] = now + ttl
        return token
    }

    /// Whether `token` was issued here and is still valid at `now`.
    func standing(of token: String, now: Double) -> Standing {
        guard let expiry = expiries[token] else { return .unknown }
        return now < expiry ? .valid : .expired
    }
}
