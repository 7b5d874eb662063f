import Foundation

/// Reading status back: the customer lookup and the status log. Authorised like the status PUT, then refused when
/// `readsRefused` says so, and failing (503) inside an outage window unless `outagesSpareReads`; no rate limits
/// or seeded faults.
extension SimulatorState {
    /// `GET /v2/customers/lookup?source=..&identifierName=..&identifierValue=..`: the customer's numeric id
    /// (assigned on first sight), after the PUT's source / identifier / customer checks (8003, 8013, 8045, 8015).
    mutating func lookup(_ request: SimulatedRequest, query: [String: String], now: Double) -> SimulatedReply {
        if let refusal = authorizationProblem(request, now: now) { return refusal }
        if let refused = options.readsRefused { return refused.reply(path: request.path) }
        if let down = outageReply(now: now) { return down }
        if let problem = SimulatorValidation.customerProblem(query: query, options: options) { return problem }
        let name = query["identifierName"] ?? ""
        let value = query["identifierValue"] ?? ""
        let id = history.id(of: name.lowercased() + ":" + value)
        let customer: [String: Any] = [
            "id": id, "identifierName": name, "identifierValue": value, "source": query["source"] ?? "",
        ]
        return SimulatorJSON.ok(["customers": [customer], "warnings": [Any]()])
    }

    /// `GET /v2/customers/{id}/statusLog`: the history newest first, only the newest `isActive`; each entry's
    /// `status` is the fixed status of its label (`LabelStatus`). An id never assigned gets 400 / 8015.
    func statusLog(_ request: SimulatedRequest, customerId: String, now: Double) -> SimulatedReply {
        if let refusal = authorizationProblem(request, now: now) { return refusal }
        if let refused = options.readsRefused { return refused.reply(path: request.path) }
        if let down = outageReply(now: now) { return down }
        guard let id = Int(customerId), let customer = history.customer(withId: id) else {
            return SimulatorErrors.reply(400, code: 8015, "Customer not found for id \(customerId)")
        }
        let entries = history.entries(of: customer).reversed().enumerated().map { index, entry -> [String: Any] in
            [
                "label": entry.label, "status": LabelStatus.status(of: entry.label), "reason": entry.reason,
                "createdOn": entry.createdOn, "createdId": entry.createdId, "isActive": index == 0,
            ]
        }
        return SimulatorJSON.ok(["statusLog": entries, "warnings": [Any]()])
    }

    /// The 503 a read gets inside an outage window, unless the windows spare the reads.
    private func outageReply(now: Double) -> SimulatedReply? {
        guard !options.outagesSpareReads, inOutage(now: now) else { return nil }
        return SimulatorErrors.reply(503, code: 503, "Service unavailable (simulated outage)")
    }
}
