import Foundation

/// The OAuth token call: `POST /v3/oauth/token/generate` with the client key and secret, and its answer.
public enum OAuthTokenRequest {
    /// The request that generates a token.
    public static func make(key: String, secret: String, endpoint: CapillaryEndpoint) -> CapillaryRequest {
        CapillaryRequest(
            method: "POST", url: endpoint.baseURL + "/v3/oauth/token/generate",
            headers: [CapillaryRequest.HTTPHeader(name: "Content-Type", value: "application/json"),
                      CapillaryRequest.HTTPHeader(name: "Accept", value: "application/json")],
            body: Array(JSONText.object([("key", key), ("secret", secret)]).utf8))
    }

    /// What a token call's result means: a token, a refusal (bad key or secret: the job stops), or trouble
    /// worth trying again (5xx, 429, 408, a timeout or a failed connection).
    public enum Outcome: Sendable, Equatable {
        case issued(token: String, lifetime: Double)
        case refused(String)
        case unavailable(String)
    }

    /// Reads a token call's transport result.
    public static func read(_ result: TransportResult) -> Outcome {
        switch result {
        case .failed(let failure):
            let message = "OAuth token generation failed: \(failure.kind.rawValue): \(failure.message)"
            return failure.kind == .tls ? .refused(message) : .unavailable(message)
        case .answered(let status, _, let body):
            if status == 429 || status == 408 || (500...599).contains(status) {
                let answer = CapillaryAnswer.parse(status: status, headers: [], body: body, now: 0)
                let detail = answer.errors.first?.message ?? answer.unreadableBody ?? "no message"
                return .unavailable("the OAuth token endpoint answered HTTP \(status) (\(detail))")
            }
            do {
                let (token, ttl) = try parse(status: status, body: body)
                return .issued(token: token, lifetime: ttl)
            } catch {
                return .refused((error as? StatusBatchError)?.message ?? "OAuth token generation failed: \(error)")
            }
        }
    }

    /// The token and its lifetime from a 200 answer `{"data":{"accessToken":…,"ttlSeconds":…}}`;
    /// otherwise an error that says what went wrong (never the secret).
    public static func parse(status: Int, body: [UInt8]) throws -> (token: String, ttl: Double) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let data = object?["data"] as? [String: Any]
        if (200...299).contains(status), let token = data?["accessToken"] as? String, !token.isEmpty {
            let ttl = (data?["ttlSeconds"] as? NSNumber)?.doubleValue ?? 300
            return (token, max(1, ttl))
        }
        let answer = CapillaryAnswer.parse(status: status, headers: [], body: body, now: 0)
        let detail = answer.errors.first?.message ?? answer.unreadableBody ?? "no token in the answer"
        throw StatusBatchError(.stoppedEarly, "OAuth token generation failed (HTTP \(status): \(detail)); check CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET")
    }
}
