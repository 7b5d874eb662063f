/// Turns a start the sending core approved into the request that goes on the wire: the call the row's step
/// makes, with the credentials' headers (or the generated token) and the job's options. A value, so the
/// worker pool builds requests off the driver's thread. It holds secrets: it prints redacted.
struct RequestBuilder: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let endpoint: CapillaryEndpoint
    /// `X-CAP-API-AUTH-KEY`, sent beside the credentials when the operator has one.
    private let authKey: CapillaryAuthKey?
    private let options: StatusUpdateOptions
    /// The authentication headers of credentials that need no token, made once (Basic hashes the password).
    private let fixedAuthHeaders: [(String, String)]

    init(endpoint: CapillaryEndpoint, credentials: CapillaryCredentials, authKey: CapillaryAuthKey?,
         options: StatusUpdateOptions) {
        self.endpoint = endpoint
        self.authKey = authKey
        self.options = options
        fixedAuthHeaders = credentials.headers + (authKey?.headers ?? [])
    }

    var description: String { "RequestBuilder(\(endpoint.baseURL), <credentials redacted>)" }
    var debugDescription: String { description }

    /// The request of `start`.
    func request(for start: RequestStart) -> CapillaryRequest {
        let authHeaders = start.token.map { [(CapillaryCredentials.oauthHeader, $0)] + (authKey?.headers ?? []) }
            ?? fixedAuthHeaders
        let update = start.row.update
        switch start.call {
        case .update:
            return .updateStatus(update, endpoint: endpoint, authHeaders: authHeaders, options: options)
        case .lookup:
            return .lookup(update, endpoint: endpoint, authHeaders: authHeaders, options: options)
        case .statusLog:
            return .statusLog(customerId: start.row.customerId ?? "", endpoint: endpoint, authHeaders: authHeaders,
                              options: options)
        }
    }
}
