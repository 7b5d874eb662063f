import Foundation

/// The request checks Capillary makes, in its order, with its error codes.
enum SimulatorValidation {
    static let sources: Set<String> = [
        "INSTORE", "WECHAT", "MARTJACK", "WEB_ENGAGE", "ECOMMERCE", "JD", "TAOBAO", "TMALL", "FACEBOOK", "WEBSITE",
        "LINE", "MOBILE_APP",
    ]
    static let identifierNames: Set<String> = [
        "mobile", "email", "externalid", "cardnumber", "cardexternalid", "wechat", "fbid", "martjackid", "id",
    ]

    /// The error reply for an invalid request, or nil when it is valid.
    static func problem(request: SimulatedRequest, query: [String: String], options: SimulatorOptions) -> SimulatedReply? {
        let contentType = request.header("content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            return SimulatorErrors.reply(415, code: 415, "Content-Type must be application/json")
        }
        if let problem = customerProblem(query: query, options: options) { return problem }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            return SimulatorErrors.reply(400, code: 8087, "Request body must be a JSON object")
        }
        let reason = body["reason"] as? String ?? ""
        let label = body["label"] as? String ?? ""
        guard !reason.isEmpty else { return SimulatorErrors.reply(400, code: 8087, "reason is required") }
        guard !label.isEmpty, options.labels.contains(label) else {
            return SimulatorErrors.reply(400, code: 8086, "Invalid status label '\(label)'")
        }
        if let createdOn = body["createdOn"] as? String, !isDateTime(createdOn) {
            return SimulatorErrors.reply(400, code: 8088, "createdOn is not a valid date")
        }
        return nil
    }

    /// The error reply when the query's source, identifier, accountId or customer is not acceptable
    /// (8003, 8013, 8045, 8015), or nil; shared by the status PUT and the customer lookup.
    static func customerProblem(query: [String: String], options: SimulatorOptions) -> SimulatedReply? {
        guard let source = query["source"], sources.contains(source.uppercased()) else {
            return SimulatorErrors.reply(400, code: 8003, "Invalid source")
        }
        let name = query["identifierName"] ?? ""
        let value = query["identifierValue"] ?? ""
        guard identifierNames.contains(name.lowercased()), !value.isEmpty, !value.hasSuffix("8013") else {
            return SimulatorErrors.reply(400, code: 8013, "Identifier missing or invalid")
        }
        if ["WECHAT", "FACEBOOK", "LINE", "MOBILE_APP"].contains(source.uppercased()), (query["accountId"] ?? "").isEmpty {
            return SimulatorErrors.reply(400, code: 8045, "accountId is required for source \(source.uppercased())")
        }
        let known = options.knownCustomers.map { $0.contains(name.lowercased() + ":" + value) } ?? !value.hasSuffix("8015")
        guard known else { return SimulatorErrors.reply(400, code: 8015, "Customer not found for the given identifiers") }
        return nil
    }

    /// ISO 8601 date-time with a zone, with or without fractional seconds.
    static func isDateTime(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) != nil || fractional.date(from: text) != nil
    }
}
