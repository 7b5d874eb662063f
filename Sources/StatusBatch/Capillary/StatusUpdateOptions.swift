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
