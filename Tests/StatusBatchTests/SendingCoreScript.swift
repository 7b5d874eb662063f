@testable import StatusBatch

/// Drives a `SendingCore` through a script of steps, each: the time, the events that happened, and the
/// action the core must answer with. Rows are tiny claimed rows with ids 1, 2, 3 ...
struct SendingCoreScript {
    struct Step {
        var at: Double
        var events: [SendingEvent]
        var expected: Expected
    }

    /// What a step expects: an exact action, or only its kind (for actions whose contents are long).
    enum Expected {
        case action(SendingAction)
        case start(rowId: Int, scheduledAt: Double, isProbe: Bool = false, token: String? = nil, call: RequestCall = .update)
        case commit(resolutions: [Int: RowResolution], pauses: [PauseRecord] = [])
        /// A commit whose outcomes and pauses pass `check` (described by `what`).
        case commitWhere(_ what: String, @Sendable ([RowOutcome], [PauseRecord]) -> Bool)
        /// Any action that passes `check` (described by `what`).
        case actionWhere(_ what: String, @Sendable (SendingAction) -> Bool)
    }

    var core: SendingCore

    init(rate: String = "10/s", concurrency: Int = 2, maxAttempts: Int = 3, oauth: Bool = false,
         configure: (inout SendingSettings) -> Void = { _ in }) throws {
        var settings = SendingSettings(rate: try SendRate(parsing: rate), concurrency: concurrency,
                                       retryPolicy: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.5, maxDelay: 4),
                                       drainTimeout: 30)
        configure(&settings)
        core = SendingCore(settings: settings, generatesTokens: oauth, random: SeededRandom(seed: 7))
    }

    static func row(_ id: Int, attempts: Int = 0, throttles: Int = 0) -> ClaimedRow {
        ClaimedRow(id: id, line: id + 1, update: mobileUpdate("91980000000\(id)"), attempts: attempts, throttles: throttles)
    }

    static func reply(_ classification: Classification, status: Int? = nil) -> CapillaryReply {
        CapillaryReply(classification: classification, httpStatus: status)
    }

    static let ok = reply(.success(createdId: "1", warnings: []), status: 200)
    static let unavailable = reply(.transient(cause: .server, code: nil, message: "HTTP 503: empty body", retryAfter: nil), status: 503)
    static func tooMany(retryAfter: Double?) -> CapillaryReply {
        reply(.throttled(status: 429, code: nil, message: "HTTP 429: empty body", retryAfter: retryAfter), status: 429)
    }
    /// A read-back call that failed with a 503.
    static let readFails503 = ReadReply(result: .failed(.transient(cause: .server, code: nil, message: "HTTP 503: empty body",
                                                                     retryAfter: nil)), httpStatus: 503)
    static let notFound = reply(.permanent(code: "8015", message: "Customer not found"), status: 400)
    static let unauthorized = reply(.unauthorized(message: "HTTP 401 unauthorized: empty body"), status: 401)

    /// Runs `steps` in order; returns a description of the first mismatch, or nil.
    mutating func run(_ steps: [Step]) -> String? {
        for (index, step) in steps.enumerated() {
            for event in step.events { core.handle(event, now: step.at) }
            let action = core.nextAction(now: step.at)
            if let problem = Self.mismatch(action, step.expected) { return "step \(index) at \(step.at): \(problem)" }
        }
        return nil
    }

    private static func mismatch(_ action: SendingAction, _ expected: Expected) -> String? {
        switch expected {
        case .action(let wanted):
            return action == wanted ? nil : "expected \(wanted), got \(action)"
        case .start(let rowId, let scheduledAt, let isProbe, let token, let call):
            guard case .start(let start) = action, start.row.id == rowId, abs(start.scheduledAt - scheduledAt) < 1e-9,
                  start.isProbe == isProbe, start.token == token, start.call == call else {
                return "expected \(call) start of row \(rowId) at \(scheduledAt) (probe \(isProbe)), got \(action)"
            }
            return nil
        case .commit(let resolutions, let pauses):
            guard case .commit(let outcomes, let got) = action else { return "expected a commit, got \(action)" }
            let byRow = Dictionary(outcomes.map { ($0.rowId, $0.resolution) }, uniquingKeysWith: { a, _ in a })
            guard byRow == resolutions, got == pauses else { return "expected \(resolutions) \(pauses), got \(byRow) \(got)" }
            return nil
        case .commitWhere(let what, let check):
            guard case .commit(let outcomes, let pauses) = action, check(outcomes, pauses) else {
                return "expected a commit where \(what), got \(action)"
            }
            return nil
        case .actionWhere(let what, let check):
            return check(action) ? nil : "expected \(what), got \(action)"
        }
    }
}

/// Shorthands for script steps: the time, the events that happened (if any), what the core must do.
func step(_ at: Double, _ events: [SendingEvent], _ expected: SendingCoreScript.Expected) -> SendingCoreScript.Step {
    SendingCoreScript.Step(at: at, events: events, expected: expected)
}

func step(_ at: Double, _ events: [SendingEvent], _ action: SendingAction) -> SendingCoreScript.Step {
    SendingCoreScript.Step(at: at, events: events, expected: .action(action))
}

func step(_ at: Double, _ expected: SendingCoreScript.Expected) -> SendingCoreScript.Step {
    SendingCoreScript.Step(at: at, events: [], expected: expected)
}

func step(_ at: Double, _ action: SendingAction) -> SendingCoreScript.Step {
    SendingCoreScript.Step(at: at, events: [], expected: .action(action))
}
