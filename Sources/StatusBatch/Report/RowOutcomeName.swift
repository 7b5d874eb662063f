/// The `outcome` column of the reports, derived from a row's state.
public enum RowOutcomeName {
    /// `succeeded`, `failed`, `gave_up`, `rejected`, `superseded`, `unknown`, `uncertain` or `pending`.
    public static func of(_ state: RowState) -> String {
        switch state {
        case .succeeded, .verifying: return "succeeded"
        case .uncertain: return "uncertain"
        case .failed: return "failed"
        case .gaveUp: return "gave_up"
        case .rejected: return "rejected"
        case .superseded: return "superseded"
        case .unknown, .inFlight: return "unknown"
        case .pending, .waiting: return "pending"
        }
    }

    /// The message shown for a row: the API's, the rejection reason, or what superseded it.
    public static func message(_ row: StoredRow) -> String {
        switch row.state {
        case .rejected: return row.rejectReason ?? ""
        case .superseded: return row.supersededByLine.map { "superseded by line \($0)" } ?? "superseded"
        case .inFlight: return "may have been sent: no answer was recorded (the run stopped or timed out waiting)"
        case .unknown: return row.apiMessage ?? "may have been sent: in flight when an earlier run stopped"
        case .uncertain:
            return "may have been applied (\(row.apiMessage ?? "no answer")): the next run reads it back before sending again"
        default: return row.apiMessage ?? ""
        }
    }
}
