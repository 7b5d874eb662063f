/// Validates ISO 8601 date-times of the form `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM|±HH)` (a zone is required)
/// and writes them as the API takes them.
public enum ISO8601Check {
    /// `text` as the API documents `createdOn`: UTC, `YYYY-MM-DDTHH:mm:ssZ` (an offset converted, a fraction of a
    /// second dropped), or why it cannot be sent: not such a date-time, or second 60 (a leap second, which the
    /// API's format has no place for).
    public static func sendable(_ text: String) -> Result<String, RowRejection> {
        guard let seconds = Timestamp.seconds(iso: text, strict: true) else {
            return .failure(RowRejection("createdOn '\(text)' is not an ISO 8601 date-time like 2026-01-31T09:30:00Z"))
        }
        let utf8 = Array(text.utf8)
        guard !(utf8[17] == UInt8(ascii: "6") && utf8[18] == UInt8(ascii: "0")) else {
            return .failure(RowRejection("createdOn '\(text)' has second 60 (a leap second); the API takes seconds 00 to 59"))
        }
        // Whole seconds, rounded down: 09:30:00.999 happened at 09:30:00, never at 09:30:01.
        let iso = Timestamp.iso(seconds.rounded(.down))
        return .success(String(iso.prefix(19)) + "Z")
    }
}
