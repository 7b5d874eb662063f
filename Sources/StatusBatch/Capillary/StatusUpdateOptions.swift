/// Options every request carries: `use_async`, the attribution headers and the org to act in.
public struct StatusUpdateOptions: Sendable, Equatable {
    /// `use_async` in the query, when set.
    public var useAsync: Bool?
    /// `X-CAP-API-ATTRIBUTION-ENTITY-TYPE`, when set.
    public var attributionType: String?
    /// `X-CAP-API-ATTRIBUTION-ENTITY-CODE`, when set.
    public var attributionCode: String?
    /// `X-CAP-API-AUTH-ORG-ID` (`--org-id`: a parent org acting for a child org), when set.
    public var orgId: Int?

    public init(useAsync: Bool? = nil, attributionType: String? = nil, attributionCode: String? = nil, orgId: Int? = nil) {
        self.useAsync = useAsync
        self.attributionType = attributionType
        self.attributionCode = attributionCode
        self.orgId = orgId
    }

    /// The attribution and org headers to send (never secrets).
    public var headers: [(String, String)] {
        var headers: [(String, String)] = []
        if let attributionType { headers.append(("X-CAP-API-ATTRIBUTION-ENTITY-TYPE", attributionType)) }
        if let attributionCode { headers.append(("X-CAP-API-ATTRIBUTION-ENTITY-CODE", attributionCode)) }
        if let orgId { headers.append(("X-CAP-API-AUTH-ORG-ID", String(orgId))) }
        return headers
    }
}
