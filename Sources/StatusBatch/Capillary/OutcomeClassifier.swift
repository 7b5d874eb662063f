/// Why an answer is worth trying again later.
public enum TransientCause: String, Sendable, Equatable {
    /// The server answered with trouble (5xx, 408, 425).
    case server
    /// No answer in time: the request may still have been applied.
    case timeout
    /// The connection failed or closed before an answer.
    case connection
    /// Anything else that got no answer.
    case other
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

    /// Classifies one result; `now` resolves an HTTP-date Retry-After.
    public static func classify(_ result: TransportResult, now: Double) -> Classification {
        switch result {
        case .failed(let failure):
            let cause: TransientCause
            switch failure.kind {
            case .tls:
                return .fatal(message: "TLS handshake failed (\(failure.message)); check the host's certificate, or trust its CA with --ca-file")
            case .timeout: cause = .timeout
            case .connection: cause = .connection
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
        if status == 401 { return .unauthorized(message: "HTTP 401 unauthorized: \(detail)") }
        if status == 403 { return .fatal(message: "HTTP 403 forbidden: \(detail)") }
        if throttleStatuses.contains(status) {
            return .throttled(status: status, code: first?.code, message: "HTTP \(status): \(detail)", retryAfter: answer.retryAfter)
        }
        if transientStatuses.contains(status) || (500...599).contains(status) {
            return .transient(cause: .server, code: first?.code, message: "HTTP \(status): \(detail)",
                              retryAfter: answer.retryAfter)
        }
        if let first {
            return .permanent(code: first.code, message: message.isEmpty ? "API error \(first.code ?? "")" : message)
        }
        if (200...299).contains(status) {
            var warnings = answer.warnings
            if let unreadable = answer.unreadableBody {
                warnings.append(APIMessage(code: nil, message: "success status with \(unreadable)"))
            }
            return .success(createdId: answer.createdId, warnings: warnings)
        }
        return .permanent(code: nil, message: "HTTP \(status): \(detail)")
    }
}
