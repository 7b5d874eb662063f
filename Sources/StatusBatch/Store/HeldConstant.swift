/// A label, a source or every row held back for a systematic mistake, with what the operator reads about it.
/// Kept in the job (`JobStore.setHeld`) so that `status` shows it while a run goes on and after it ended.
public struct HeldConstant: Sendable, Equatable, Codable {
    public var scope: ErrorScope
    /// The label or source; empty for every row.
    public var value: String
    /// Why it is held and what to fix.
    public var reason: String

    public init(scope: ErrorScope, value: String, reason: String) {
        self.scope = scope
        self.value = value
        self.reason = reason
    }

    /// The labels or sources whose rows it holds; naming none means every row (see `unfinishedRowCount(heldBy:)`).
    public var rowsHeld: ClaimFilter {
        switch scope {
        case .label: return ClaimFilter(labels: [value])
        case .source: return ClaimFilter(sources: [value])
        case .everyRow: return .none
        }
    }
}
