/// Which constant of an input file a permanent error blames: when every row sharing it fails the same way,
/// the mistake is in that constant (a label the org does not have, a wrong source, a wrong host), not in the rows.
public enum ErrorScope: String, Sendable, Equatable, Hashable, Codable {
    /// The row's label (8086: not a label of this org; UPDATECUSTOMERSTATUS_1032: a label under Deleted).
    case label
    /// The row's source (8003: invalid source).
    case source
    /// Every row: the host or path is wrong (404, 405) or the request is not what the API takes (415).
    case everyRow

    /// The scope an answer's error blames, or nil for an error that belongs to its row (8015 and the like).
    public static func of(code: String?, httpStatus: Int?) -> ErrorScope? {
        switch code {
        case "8086", "UPDATECUSTOMERSTATUS_1032": return .label
        case "8003": return .source
        default: break
        }
        // A gateway's 404 has no API code (or repeats the status); a 404 carrying an API code such as 8015 is the
        // row's own answer.
        if let httpStatus, [404, 405, 415].contains(httpStatus), code == nil || code == String(httpStatus) {
            return .everyRow
        }
        return nil
    }
}
