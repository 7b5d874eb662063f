import Foundation

/// What a read-back call found.
public enum ReadResult: Sendable, Equatable {
    /// The lookup found the customer.
    case customer(id: String)
    /// The customer's status log, newest first.
    case statusLog([StatusLogEntry])
    /// The customer does not exist (8015): no update of it can have been applied.
    case customerNotFound(message: String)
    /// The API refused the read for this row with another error; other rows may still be read.
    case rowRefused(code: String?, message: String)
    /// The read calls are not available to this job: forbidden (403) or absent (404, 405 without an API error).
    case unavailable(message: String)
    /// Like a failed send: throttled, transient, unauthorized (401) or fatal (TLS).
    case failed(Classification)
}

/// One answer to a read-back call, read off the wire into typed values.
public struct ReadReply: Sendable, Equatable {
    public var result: ReadResult
    public var httpStatus: Int?
    public var requestId: String?

    public init(result: ReadResult, httpStatus: Int? = nil, requestId: String? = nil) {
        self.result = result
        self.httpStatus = httpStatus
        self.requestId = requestId
    }

    /// Reads the transport result of a `call`; `now` resolves an HTTP-date Retry-After.
    public static func read(_ result: TransportResult, call: RequestCall, now: Double) -> ReadReply {
        guard case .answered(let status, let headers, let body) = result else {
            return ReadReply(result: .failed(OutcomeClassifier.classify(result, now: now)))
        }
        return ReadReply(result: interpret(status: status, headers: headers, body: body, call: call, now: now),
                         httpStatus: status, requestId: CapillaryReply.requestId(in: headers))
    }

    private static func interpret(status: Int, headers: [(String, String)], body: [UInt8], call: RequestCall,
                                  now: Double) -> ReadResult {
        let answer = CapillaryAnswer.parse(status: status, headers: headers, body: body, now: now)
        let first = answer.errors.first
        let detail = answer.errors.map(\.message).filter { !$0.isEmpty }.joined(separator: "; ")
        switch status {
        case 403:
            return .unavailable(message: "HTTP 403 on the \(call.rawValue) call: \(detail.isEmpty ? answer.unreadableBody ?? "forbidden" : detail)")
        case 404 where first == nil, 405 where first == nil:
            return .unavailable(message: "HTTP \(status) on the \(call.rawValue) call: the gateway does not offer it")
        default:
            break
        }
        let classification = OutcomeClassifier.classify(answer)
        switch classification {
        case .permanent(let code, let message):
            return code == CapillaryVocabulary.customerNotFoundCode ? .customerNotFound(message: message)
                                                                    : .rowRefused(code: code, message: message)
        case .success, .transient(cause: .unconfirmed, _, _, _):
            guard (200...299).contains(status), answer.unreadableBody == nil,
                  let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                return .failed(.transient(cause: .unconfirmed, code: nil,
                                          message: "HTTP \(status) without a readable \(call.rawValue) document", retryAfter: nil))
            }
            let parsed = call == .lookup ? ReadBackDocument.customerId(object).map { ReadResult.customer(id: $0) }
                                         : ReadBackDocument.statusLog(object).map { ReadResult.statusLog($0) }
            return parsed ?? .failed(.transient(cause: .unconfirmed, code: nil,
                                                message: "HTTP \(status): the \(call.rawValue) document has no \(call == .lookup ? "customer id" : "statusLog")",
                                                retryAfter: nil))
        default:
            return .failed(classification)
        }
    }
}
