/// Short, locale-free durations for people: `42s`, `2.5s`, `3m05s`, `1h02m`.
public enum DurationText {
    /// `seconds` rounded to the nearest second (one decimal below a minute when not whole).
    public static func short(_ seconds: Double) -> String {
        if seconds < 59.5 && (seconds * 10).rounded() != seconds.rounded() * 10 { return HTMLText.decimal(seconds) + "s" }
        let total = Int(min(seconds, 1e9).rounded())
        if total >= 3600 { return "\(total / 3600)h" + twoDigits(total % 3600 / 60) + "m" }
        if total >= 60 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
        return "\(total)s"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
