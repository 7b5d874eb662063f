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
            let name = requestIdHeader.lowercased()
            reply.requestId = headers.first { $0.0.lowercased() == name }?.1
        }
        return reply
    }
}

/// Options every Update Customer Status request carries: `use_async` and the attribution headers.
public struct StatusUpdateOptions: Sendable, Equatable {
    /// `use_async` in the query, when set.
    public var useAsync: Bool?
    /// `X-CAP-API-ATTRIBUTION-ENTITY-TYPE`, when set.
    public var attributionType: String?
    /// `X-CAP-API-ATTRIBUTION-ENTITY-CODE`, when set.
    public var attributionCode: String?

    public init(useAsync: Bool? = nil, attributionType: String? = nil, attributionCode: String? = nil) {
        self.useAsync = useAsync
        self.attributionType = attributionType
        self.attributionCode = attributionCode
    }

    /// The attribution headers to send (never secrets).
    public var headers: [(String, String)] {
        var headers: [(String, String)] = []
        if let attributionType { headers.append(("X-CAP-API-ATTRIBUTION-ENTITY-TYPE", attributionType)) }
        if let attributionCode { headers.append(("X-CAP-API-ATTRIBUTION-ENTITY-CODE", attributionCode)) }
        return headers
    }
}
