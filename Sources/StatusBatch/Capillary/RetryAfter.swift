import Foundation

/// Parses a `Retry-After` header: delay seconds or an HTTP date.
public enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is not understood.
    public static func seconds(_ value: String, now: Double) -> Double? {
        let trimmed = value.trimmingCharactersInSet()
        if let seconds = Double(trimmed), seconds >= 0, seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return max(0, date.timeIntervalSince1970 - now) }
        }
        return nil
    }
}
