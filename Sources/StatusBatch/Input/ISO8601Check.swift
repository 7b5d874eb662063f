/// Validates ISO 8601 date-times of the form `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM|±HH)`: a zone is required.
public enum ISO8601Check {
    /// True when `text` is a complete, in-range ISO 8601 date-time with a zone.
    public static func isValid(_ text: String) -> Bool {
        Timestamp.seconds(iso: text, strict: true) != nil
    }
}
