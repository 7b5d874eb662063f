/// The `outcome` column of the reports, derived from a row's state.
public enum RowOutcomeName {
    /// `succeeded`, `failed`, `gave_up`, `rejected`, `superseded`, `unknown`, `uncertain` or `pending`.
    public static func of(_ state: RowState) -> String { staticName(state).description }

    /// `of(state)`, as static text (its bytes need no String).
    static func staticName(_ state: RowState) -> StaticString {
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

    /// Appends the message shown for a row: the API's, the rejection reason, or what superseded it.
    static func appendMessage(_ row: ReportRow, to out: inout [UInt8]) {
        func append(_ text: ReportRow.Text?, else absent: StaticString = "") {
            if let text { out.append(contentsOf: text) } else { UTF8Bytes.append(absent, to: &out) }
        }
        switch row.state {
        case .rejected: append(row.rejectReason)
        case .superseded:
            UTF8Bytes.append("superseded", to: &out)
            if let line = row.supersededByLine {
                UTF8Bytes.append(" by line ", to: &out)
                UTF8Bytes.append(line, to: &out)
            }
        case .inFlight: append(nil, else: "may have been sent: no answer was recorded (the run stopped or timed out waiting)")
        case .unknown: append(row.apiMessage, else: "may have been sent: in flight when an earlier run stopped")
        case .uncertain:
            UTF8Bytes.append("may have been applied (", to: &out)
            append(row.apiMessage, else: "no answer")
            UTF8Bytes.append("): the next run reads it back before sending again", to: &out)
        default: append(row.apiMessage)
        }
    }
}
