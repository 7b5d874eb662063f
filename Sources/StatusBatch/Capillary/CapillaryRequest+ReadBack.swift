/// The two read-back calls: look a customer up by identifier, and read its status log.
extension CapillaryRequest {
    /// `GET /v2/customers/lookup?source=..&accountId=..&identifierName=..&identifierValue=..`: the customer's numeric id.
    public static func lookup(_ update: CustomerUpdate, endpoint: CapillaryEndpoint, authHeaders: [(String, String)],
                              options: StatusUpdateOptions = StatusUpdateOptions()) -> CapillaryRequest {
        read(endpoint.baseURL + "/v2/customers/lookup?" + queryString(customerQuery(update)), authHeaders: authHeaders,
             options: options)
    }

    /// `GET /v2/customers/{id}/statusLog`: the customer's status history, newest first.
    public static func statusLog(customerId: String, endpoint: CapillaryEndpoint, authHeaders: [(String, String)],
                                 options: StatusUpdateOptions = StatusUpdateOptions()) -> CapillaryRequest {
        read(endpoint.baseURL + "/v2/customers/" + percentEncode(customerId) + "/statusLog", authHeaders: authHeaders,
             options: options)
    }

    private static func read(_ url: String, authHeaders: [(String, String)], options: StatusUpdateOptions) -> CapillaryRequest {
        let headers = [HTTPHeader(name: "Accept", value: "application/json")]
            + (authHeaders + options.headers).map { HTTPHeader(name: $0.0, value: $0.1) }
        return CapillaryRequest(method: "GET", url: url, headers: headers, body: [])
    }
}
