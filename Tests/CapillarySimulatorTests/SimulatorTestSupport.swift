import Foundation
@testable import CapillarySimulator

/// Builders and readers shared by the simulator tests.
enum Sim {
    static let path = "/v2/customers/lookup/status"
    static let jsonHeaders: [(String, String)] = [("Content-Type", "application/json")]
    static let goldBody = #"{"reason":"r","label":"Gold"}"#

    /// The raw query for one customer (values are put on the wire as given, already encoded).
    static func query(source: String = "INSTORE", name: String = "mobile", value: String,
                      extra: String = "") -> String {
        "source=\(source)&identifierName=\(name)&identifierValue=\(value)" + extra
    }

    /// A PUT for `value` that passes every check unless a parameter says otherwise.
    static func request(value: String = "919800000001", source: String = "INSTORE", name: String = "mobile",
                        rawQuery: String? = nil, method: String = "PUT", path: String = Sim.path,
                        headers: [(String, String)] = Sim.jsonHeaders, body: String = Sim.goldBody) -> SimulatedRequest {
        SimulatedRequest(method: method, path: path,
                         rawQuery: rawQuery ?? query(source: source, name: name, value: value),
                         headers: headers, body: Array(body.utf8))
    }

    /// A token request (`POST /v3/oauth/token/generate`) with this key and secret.
    static func tokenRequest(key: String = "client-key", secret: String = "client-secret") -> SimulatedRequest {
        SimulatedRequest(method: "POST", path: "/v3/oauth/token/generate", rawQuery: "", headers: jsonHeaders,
                         body: Array(SimulatorJSON.string(["key": key, "secret": secret]).utf8))
    }

    /// A GET of `path` with `rawQuery` (no body).
    static func get(_ path: String, rawQuery: String = "", headers: [(String, String)] = []) -> SimulatedRequest {
        SimulatedRequest(method: "GET", path: path, rawQuery: rawQuery, headers: headers, body: [])
    }

    /// An engine with OAuth configured for "client-key" / "client-secret" and a `ttl`-second token lifetime.
    static func oauthEngine(ttl: Double = 300, _ configure: (inout SimulatorOptions) -> Void = { _ in })
        throws -> SimulatorEngine {
        try engine { options in
            options.oauthKey = "client-key"
            options.oauthSecret = "client-secret"
            options.oauthTTL = ttl
            configure(&options)
        }
    }

    /// The JSON headers plus an OAuth token header.
    static func oauthHeaders(_ token: String) -> [(String, String)] {
        jsonHeaders + [("X-CAP-API-OAUTH-TOKEN", token)]
    }

    /// A fresh engine; `configure` edits the default options.
    static func engine(_ configure: (inout SimulatorOptions) -> Void = { _ in }) throws -> SimulatorEngine {
        var options = SimulatorOptions()
        configure(&options)
        return try SimulatorEngine(options: options)
    }

    /// Handles `request` and marks its customer free again at once, like a server that answered.
    @discardableResult
    static func answer(_ engine: SimulatorEngine, _ request: SimulatedRequest, now: Double = 1000) -> SimulatedReply {
        let reply = engine.handle(request, now: now)
        engine.finished(reply)
        return reply
    }

    /// A path under the temporary directory with a UUID name (not created).
    static func temporaryPath(_ suffix: String = ".jsonl") -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("CapillarySimulatorTests-\(UUID().uuidString)\(suffix)").path
    }
}

extension SimulatedReply {
    /// The body parsed as a JSON object (nil when it is not one).
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
    }

    /// The first error's `code`, from Capillary's error body.
    var errorCode: Int? {
        ((json?["errors"] as? [[String: Any]])?.first?["code"] as? NSNumber)?.intValue
    }

    /// `data.accessToken` of a token answer.
    var accessToken: String? { (json?["data"] as? [String: Any])?["accessToken"] as? String }

    /// The first error's `message`, from Capillary's error body.
    var errorMessage: String? { (json?["errors"] as? [[String: Any]])?.first?["message"] as? String }

    /// `createdId` of a success body.
    var createdId: Int? { (json?["createdId"] as? NSNumber)?.intValue }

    /// The first header with this name (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Whether `body` has exactly Capillary's error shape: one error with `status == false` and `code`,
/// a string message, and an empty `warnings` array.
func hasCapillaryErrorShape(_ reply: SimulatedReply, code: Int) -> Bool {
    guard let json = reply.json, let errors = json["errors"] as? [[String: Any]], errors.count == 1,
          let warnings = json["warnings"] as? [Any], warnings.isEmpty else { return false }
    let error = errors[0]
    return (error["status"] as? Bool) == false && (error["code"] as? NSNumber)?.intValue == code
        && error["message"] is String
}

/// A deterministic generator (SplitMix64) for shuffling test inputs.
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
