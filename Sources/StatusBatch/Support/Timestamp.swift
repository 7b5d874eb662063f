#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats stored times (seconds since 1970) for reports, by hand: reports format two of them per row,
/// and `String(format:)` was a sixth of a whole run's instructions.
public enum Timestamp {
    /// ISO 8601 UTC with milliseconds, e.g. 2026-11-29T03:26:55.123Z.
    public static func iso(_ seconds: Double) -> String {
        let totalMillis = Int64((seconds * 1000).rounded())
        var time = time_t(totalMillis / 1000)
        var parts = tm()
        gmtime_r(&time, &parts)
        let fields = [Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
                      Int(parts.tm_min), Int(parts.tm_sec), Int(totalMillis % 1000)]
        // yyyy-MM-ddTHH:mm:ss.SSSZ written digit by digit into 24 bytes.
        return String(unsafeUninitializedCapacity: 24) { bytes in
            var index = 0
            func put(_ value: Int, _ digits: Int, then separator: UInt8) {
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    bytes[index] = UInt8(truncatingIfNeeded: 0x30 + rest / divisor % 10); index += 1
                    rest %= divisor * 10; divisor /= 10
                }
                bytes[index] = separator; index += 1
            }
            put(fields[0], 4, then: 0x2D); put(fields[1], 2, then: 0x2D); put(fields[2], 2, then: 0x54)
            put(fields[3], 2, then: 0x3A); put(fields[4], 2, then: 0x3A); put(fields[5], 2, then: 0x2E)
            put(fields[6], 3, then: 0x5A)
            return index
        }
    }

    /// Milliseconds with one decimal, rounded half away from zero: 250 → "250.0", 12.34 → "12.3".
    public static func milliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return sign + String(tenths.magnitude / 10) + "." + String(tenths.magnitude % 10)
    }
}
