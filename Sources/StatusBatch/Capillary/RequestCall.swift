/// Which call a request was; stored as its raw value in `attempts.call`.
public enum RequestCall: String, Sendable, CaseIterable, Codable {
    /// `PUT /v2/customers/lookup/status`.
    case update
    /// `GET /v2/customers/lookup`.
    case lookup
    /// `GET /v2/customers/{id}/statusLog`.
    case statusLog = "status_log"
}
