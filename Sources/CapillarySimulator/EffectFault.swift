/// A fault decided at the point where a status update would otherwise succeed: the update may be applied while
/// its answer goes missing or arrives late, or not applied while a proxy answers 200 with an HTML page.
enum EffectFault: Equatable {
    /// No fault: apply the update and answer 200 with the usual latency.
    case none
    /// Apply the update, then close the connection without an answer.
    case applyThenDrop
    /// Apply the update, then answer 200 only after `SimulatorOptions.lateAnswerSeconds`.
    case applyThenLate
    /// Do not apply the update; answer 200 `text/html` with `maintenancePage`.
    case html200

    /// Draws the three faults' numbers from `faults` (always all three, in this order, so each keeps its place in
    /// the stream) and picks the first that fires: apply-then-drop, then apply-then-late, then html200.
    init(drawingFrom faults: inout SeededFaults, options: SimulatorOptions) {
        let drop = faults.unit() < options.applyThenDropRate
        let late = faults.unit() < options.applyThenLateRate
        let html = faults.unit() < options.html200Rate
        self = drop ? .applyThenDrop : late ? .applyThenLate : html ? .html200 : .none
    }

    /// The page a maintenance proxy answers with status 200 instead of passing the request on.
    static let maintenancePage = """
        <!DOCTYPE html><html><head><title>Service maintenance</title></head><body><h1>Service maintenance</h1>\
        <p>The service is undergoing scheduled maintenance. Please try again later.</p></body></html>
        """

    /// The html200 answer: status 200, `Content-Type: text/html`, `maintenancePage`.
    static func html200Reply(delay: Double) -> SimulatedReply {
        SimulatedReply(status: 200, contentType: "text/html", body: maintenancePage, delay: delay)
    }
}
