/// One HTTP request ready for the wire.
public struct CapillaryRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    /// A header name and value.
    public struct HTTPHeader: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// The Update Customer Status request for one row, with the given authentication headers and options.
    public static func updateStatus(_ update: CustomerUpdate, endpoint: CapillaryEndpoint,
                                    authHeaders: [(String, String)],
                                    options: StatusUpdateOptions = StatusUpdateOptions()) -> CapillaryRequest {
        var query = customerQuery(update)
        if let useAsync = options.useAsync { query.append(("use_async", useAsync ? "true" : "false")) }
        var body: [(String, String)] = [("reason", update.reason), ("label", update.label)]
        if let createdOn = update.createdOn { body.append(("createdOn", createdOn)) }
        var headers = [
            HTTPHeader(name: "Content-Type", value: "application/json"),
            HTTPHeader(name: "Accept", value: "application/json"),
        ]
        headers += (authHeaders + options.headers).map { HTTPHeader(name: $0.0, value: $0.1) }
        return CapillaryRequest(
            method: "PUT", url: endpoint.baseURL + "/v2/customers/lookup/status?" + queryString(query),
            headers: headers, body: Array(JSONText.object(body).utf8))
    }

    /// The parameters that name a customer: source, accountId (when given), identifierName, identifierValue.
    static func customerQuery(_ update: CustomerUpdate) -> [(String, String)] {
        var query: [(String, String)] = [("source", update.source)]
        if let accountId = update.accountId { query.append(("accountId", accountId)) }
        query.append(("identifierName", update.identifierName))
        query.append(("identifierValue", update.identifierValue))
        return query
    }

    /// `name=value&...`, each value percent-encoded.
    static func queryString(_ query: [(String, String)]) -> String {
        query.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// RFC 3986 percent-encoding of a query value: everything but unreserved characters, as UTF-8 bytes.
    public static func percentEncode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count * 3)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
