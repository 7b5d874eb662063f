/// How the simulator refuses the two read calls (`GET /v2/customers/lookup`, `GET /v2/customers/{id}/statusLog`)
/// when `SimulatorOptions.readsRefused` is set; the status PUT keeps working.
public enum ReadRefusal: String, CaseIterable, Sendable {
    /// 403 with Capillary's JSON error body: a till whose credentials lack read permission.
    case forbidden
    /// 404 exactly like an unknown route: a gateway that does not expose the read calls.
    case notFound = "not-found"

    /// The answer to a read call at `path`.
    func reply(path: String) -> SimulatedReply {
        switch self {
        case .forbidden: SimulatorErrors.reply(403, code: 403, "Access denied: the till has no permission for this API")
        case .notFound: SimulatorErrors.reply(404, code: 404, "No route for \(path)")
        }
    }
}
