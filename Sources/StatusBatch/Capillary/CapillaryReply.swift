/// One answer to an Update Customer Status request, read off the wire into typed values for sending.
public struct CapillaryReply: Sendable, Equatable {
    public var classification: Classification
    /// The HTTP status, when an answer came.
    public var httpStatus: Int?
    /// The `X-Cap-RequestID` header, to trace the request with Capillary support.
    public var requestId: String?

    public init(classification: Classification, httpStatus: Int? = nil, requestId: String? = nil) {
        self.classification = classification
        self.httpStatus = httpStatus
        self.requestId = requestId
    }

    /// The response header that names the request on Capillary's side.
    public static let requestIdHeader = "X-Cap-RequestID"

    /// Reads a transport result; `now` resolves an HTTP-date Retry-After.
    public static func read(_ result: TransportResult, now: Double) -> CapillaryReply {
        var reply = CapillaryReply(classification: OutcomeClassifier.classify(result, now: now))
        if case .answered(let status, let headers, _) = result {
            reply.httpStatus = status
            reply.requestId = requestId(in: headers)
        }
        return reply
    }

    /// The value of the `X-Cap-RequestID` response header, if any.
    static func requestId(in headers: [(String, String)]) -> String? {
        CapillaryAnswer.header(requestIdHeader.lowercased(), in: headers)
    }
}
