/// What a run does with rows found in flight after a process died (they may have been sent).
public enum UnknownPolicy: String, Sendable, CaseIterable {
    /// Send them again (flagged `resent_after_unknown` in the reports).
    case resend
    /// Leave them `unknown` for a person to check.
    case skip
}
