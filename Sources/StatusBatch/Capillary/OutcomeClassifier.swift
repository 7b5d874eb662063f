/// Why an answer is worth trying again later.
public enum TransientCause: String, Sendable, Equatable {
    /// The server answered with trouble (500, 503, other 5xx, 408, 425): not applied.
    case server
    /// A gateway answered for the server (502, 504): the server may have applied the request.
    case gateway
    /// No answer in time: the request may still have been applied.
    case timeout
    /// The connection closed or reset after it was made: the request may have been applied.
    case connection
    /// No connection could be made: nothing was sent.
    case unreachable
    /// A 2xx whose body is not the API's success document (e.g. a proxy's HTML page): applied or not, unknown.
    case unconfirmed
    /// Anything else that got no answer.
    case other

    /// True when the request may have taken effect although no success came back: the row is read back
    /// before it is sent again.
    public var mayHaveBeenApplied: Bool {
        switch self {
        case .gateway, .timeout, .connection, .unconfirmed, .other: return true
        case .server, .unreachable: return false
        }
    }
}

/// What one answer means for its row and for the job.
public enum Classification: Sendable, Equatable {
    case success(createdId: String?, warnings: [APIMessage])
    /// Sending again will not help (bad input, unknown customer, ...).
    case permanent(code: String?, message: String)
    /// Worth retrying later: server or network trouble (spends an attempt; feeds outage detection).
    case transient(cause: TransientCause, code: String?, message: String, retryAfter: Double?)
    /// Throttled or busy (429, 461, 521): retried from a separate budget; a 429 slows the whole pool.
    case throttled(status: Int, code: String?, message: String, retryAfter: Double?)
    /// The credentials were refused (401): a new OAuth token may help, other credentials will not.
    case unauthorized(message: String)
    /// The whole job must stop (forbidden, TLS failure); the row is not at fault.
    case fatal(message: String)
}

/// Turns a transport result into a `Classification`. Pure.
public enum OutcomeClassifier {
    /// HTTP statuses that mean "try again later" because of the server's load or the customer's state.
    static let throttleStatuses: Set<Int> = [429, 461, 521]
    /// Other HTTP statuses that mean "try again later".
    static let transientStatuses: Set<Int> = [408, 425]
    /// Statuses a gateway answers for a server it could not hear from: the request may have been applied.
    static let gatewayStatuses: Set<Int> = [502, 504]

    /// Classifies one result; `now` resolves an HTTP-date Retry-After.
    public static func classify(_ result: TransportResult, now: Double) -> Classification {
        switch result {
        case .failed(let failure):
            let cause: TransientCause
            switch failure.kind {
            case .tls:
                return .fatal(message: "TLS handshake failed (\(failure.message)); check the host's certificate, or trust its CA with --ca-file")
            case .invalidRequest:
                return .fatal(message: "the request cannot be sent: \(failure.message); check --base-url, the --attribution options, CAPILLARY_AUTH_KEY and the credentials")
            case .timeout: cause = .timeout
            case .connection: cause = .connection
            case .unreachable: cause = .unreachable
            case .other: cause = .other
            }
            return .transient(cause: cause, code: nil, message: "\(failure.kind.rawValue): \(failure.message)", retryAfter: nil)
        case .answered(let status, let headers, let body):
            return classify(CapillaryAnswer.parse(status: status, headers: headers, body: body, now: now))
        }
    }

    /// Classifies a parsed answer: auth failures stop the job; throttling and server trouble are retried;
    /// an `errors` array wins over a 2xx status.
    public static func classify(_ answer: CapillaryAnswer) -> Classification {
        let status = answer.httpStatus
        let first = answer.errors.first
        let message = answer.errors.map(\.message).filter { !$0.isEmpty }.joined(separator: "; ")
        let detail = message.isEmpty ? (answer.unreadableBody ?? "no message") : message
        // 498: the OAuth token expired, answered like a 401 (a new token is generated once).
        if status == 401 || status == 498 { return .unauthorized(message: "HTTP \(status) unauthorized: \(detail)") }
        if status == 403 { return .fatal(message: "HTTP 403 forbidden: \(detail)") }
        if throttleStatuses.contains(status) {
            return .throttled(status: status, code: first?.code, message: "HTTP \(status): \(detail)", retryAfter: answer.retryAfter)
        }
        if transientStatuses.contains(status) || (500...599).contains(status) {
            return .transient(cause: gatewayStatuses.contains(status) ? .gateway : .server, code: first?.code,
                              message: "HTTP \(status): \(detail)", retryAfter: answer.retryAfter)
        }
        if let first {
            return .permanent(code: first.code, message: message.isEmpty ? "API error \(first.code ?? "")" : message)
        }
        if (200...299).contains(status) {
            // Only the success document (a createdId, no errors) says the update was made.
            guard answer.unreadableBody == nil, let createdId = answer.createdId else {
                let what = answer.unreadableBody ?? "no createdId"
                return .transient(cause: .unconfirmed, code: nil,
                                  message: "HTTP \(status) without the success document (\(what))", retryAfter: nil)
            }
            return .success(createdId: createdId, warnings: answer.warnings)
        }
        return .permanent(code: nil, message: "HTTP \(status): \(detail)")
    }
}
