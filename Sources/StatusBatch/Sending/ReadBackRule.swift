/// What a customer's status log says about one row's update: applied or not, still ours, the label before.
/// Pure; the sending core applies it to read-back answers.
enum ReadBackRule {
    /// How far the API's clock may run behind ours when an entry's `createdOn` is compared with our first send.
    static let clockSkew = 300.0
    /// The API stores at most this many characters of a reason.
    static let storedReasonLength = CapillaryVocabulary.maxReasonLength

    /// The update took effect (with the history entry's id), it did not, or the log cannot tell.
    enum Verdict: Equatable {
        case applied(createdId: String?)
        case notApplied
        /// An entry carries the row's label and reason, but its time cannot be read: it may be ours or older.
        case undecided
    }

    /// Applied when an entry (active or not: something may have changed the status since) carries the row's
    /// label and reason and was made at or after `sentAfter` less `skew`, or, for a row that gives its own
    /// `createdOn`, at that time (the API may keep either). Undecided when such an entry's time is unreadable.
    static func confirm(_ log: [StatusLogEntry], update: CustomerUpdate, sentAfter: Double?,
                        skew: Double = clockSkew) -> Verdict {
        let wanted = update.createdOn.flatMap { Timestamp.seconds(iso: $0) }
        var undecided = false
        for entry in log where carries(entry, update) {
            guard let made = entry.createdOn else {
                undecided = true
                continue
            }
            if let wanted, abs(made - wanted) < 1 { return .applied(createdId: entry.createdId) }
            if made >= (sentAfter ?? -.infinity) - skew { return .applied(createdId: entry.createdId) }
        }
        return undecided ? .undecided : .notApplied
    }

    /// Verified when the active label is still the row's, mismatched when someone or something changed it.
    static func verify(_ log: [StatusLogEntry], update: CustomerUpdate) -> Verification {
        guard let entry = StatusLogEntry.active(in: log), sameLabel(entry.label, update.label) else { return .mismatched }
        return .verified
    }

    /// The label in force before the update, nil when the customer has no status yet.
    static func previousLabel(_ log: [StatusLogEntry]) -> String? {
        StatusLogEntry.active(in: log)?.label
    }

    private static func carries(_ entry: StatusLogEntry, _ update: CustomerUpdate) -> Bool {
        guard sameLabel(entry.label, update.label) else { return false }
        let stored = entry.reason.trimmingCharactersInSet()
        let sent = update.reason.trimmingCharactersInSet()
        return stored == sent || (sent.count > storedReasonLength && stored == String(sent.prefix(storedReasonLength)))
    }

    private static func sameLabel(_ a: String, _ b: String) -> Bool {
        a.trimmingCharactersInSet().lowercased() == b.trimmingCharactersInSet().lowercased()
    }
}
