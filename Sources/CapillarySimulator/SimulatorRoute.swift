/// The endpoints the simulator serves, recognised by path alone (the method is checked afterwards).
enum SimulatorRoute: Equatable {
    /// `PUT /v2/customers/lookup/status`: Update Customer Status.
    case updateStatus
    /// `POST /v3/oauth/token/generate`: issues an OAuth token (only when OAuth is configured).
    case generateToken
    /// `GET /v2/customers/lookup`: a customer's numeric id by source and identifier.
    case lookup
    /// `GET /v2/customers/{id}/statusLog`: a customer's status history, newest first.
    case statusLog(customerId: String)

    /// The route for `path`, or nil when there is none (404).
    init?(path: String) {
        switch path {
        case "/v2/customers/lookup/status": self = .updateStatus
        case "/v3/oauth/token/generate": self = .generateToken
        case "/v2/customers/lookup": self = .lookup
        default:
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0].isEmpty, parts[1] == "v2", parts[2] == "customers", !parts[3].isEmpty,
                  parts[4] == "statusLog" else { return nil }
            self = .statusLog(customerId: String(parts[3]))
        }
    }

    /// The one method the route accepts (others get 405).
    var method: String {
        switch self {
        case .updateStatus: "PUT"
        case .generateToken: "POST"
        case .lookup, .statusLog: "GET"
        }
    }
}
