/// Tells a systematic mistake from failing rows: when the rows sharing a label or a source (or every row) keep
/// failing with an error that blames that constant (`ErrorScope`) and none of them succeeded, the constant is
/// held back after `limit` such answers, and its other rows are not sent. Requests in flight count against the
/// limit, so no more than `limit` requests are spent on a mistake. Pure; `limit` 0 turns it off.
struct SystematicWatch: Sendable, Equatable {
    /// A constant of the input: a label, a source, or every row.
    struct Key: Hashable, Sendable {
        var scope: ErrorScope
        var value: String
    }

    /// What the answers said about one constant so far.
    struct Tally: Sendable, Equatable {
        var failures = 0
        var answered = 0
        var succeeded = false
        var inFlight = 0
        var code: String?
        var httpStatus: Int?
    }

    let limit: Int
    private(set) var tallies: [Key: Tally] = [:]
    /// Constants held back, in the order they were found.
    private(set) var held: [Key] = []

    init(limit: Int) { self.limit = limit }

    /// The constants a row shares with others.
    static func keys(_ update: CustomerUpdate) -> [Key] {
        [Key(scope: .label, value: update.label), Key(scope: .source, value: update.source), Key(scope: .everyRow, value: "")]
    }

    /// An update of `update` was sent.
    mutating func started(_ update: CustomerUpdate) {
        guard limit > 0 else { return }
        for key in Self.keys(update) { tallies[key, default: Tally()].inFlight += 1 }
    }

    /// An update of `update` was answered: a success clears its constants for good; a permanent error that
    /// blames one of them counts against it. Returns the constant this answer held back, if any.
    mutating func answered(_ update: CustomerUpdate, success: Bool, scope: ErrorScope?, code: String?,
                           httpStatus: Int?) -> Key? {
        guard limit > 0 else { return nil }
        var blamed: Key?
        for key in Self.keys(update) {
            var tally = tallies[key, default: Tally()]
            tally.inFlight -= 1
            tally.answered += 1
            if success { tally.succeeded = true }
            if !success && key.scope == scope {
                tally.failures += 1
                tally.code = code
                tally.httpStatus = httpStatus
                if tally.failures >= limit && !tally.succeeded && !held.contains(key) { blamed = key }
            }
            tallies[key] = tally
        }
        if let blamed { held.append(blamed) }
        return blamed
    }

    /// True when a row with `update` must not be sent now: a constant of it is held, or so many of its rows
    /// failed (or are in flight) that one more request could pass the limit.
    func blocks(_ update: CustomerUpdate) -> Bool {
        limit > 0 && Self.keys(update).contains(where: saturated)
    }

    /// What a claim must leave alone now (a saturated "every row" blocks claims altogether: see `blocksEveryRow`).
    var filter: ClaimFilter {
        var filter = ClaimFilter()
        for key in tallies.keys where saturated(key) {
            switch key.scope {
            case .label: filter.labels.insert(key.value)
            case .source: filter.sources.insert(key.value)
            case .everyRow: break
            }
        }
        return filter
    }

    /// True when no row at all may be sent now.
    var blocksEveryRow: Bool { saturated(Key(scope: .everyRow, value: "")) }

    private func saturated(_ key: Key) -> Bool {
        guard limit > 0, let tally = tallies[key], tally.failures > 0, !tally.succeeded else { return false }
        return held.contains(key) || tally.failures + tally.inFlight >= limit
    }

    /// The constants held back, each with its message.
    var heldConstants: [HeldConstant] {
        held.map { HeldConstant(scope: $0.scope, value: $0.value, reason: message($0)) }
    }

    /// What the operator reads for a held constant, naming what to fix.
    func message(_ key: Key) -> String {
        let tally = tallies[key] ?? Tally()
        let what = "\(tally.code ?? tally.httpStatus.map { "HTTP \($0)" } ?? "error"), \(tally.failures) of \(tally.answered) rows"
        switch key.scope {
        case .label:
            return "label '\(key.value)' is not a label of this org, or not one it may set (\(what)): fix the label column or --label, then run with --restart"
        case .source:
            return "source '\(key.value)' is refused (\(what)): fix the source column or --source, then run with --restart"
        case .everyRow:
            return "every request was refused the same way (\(what)): check --cluster or --base-url (a wrong host or path?), then run again"
        }
    }
}
