/// Formats stored times (seconds since 1970) for reports, by hand: reports format two of them per row,
/// and `String(format:)` was a sixth of a whole run's instructions.
public enum Timestamp {
    /// ISO 8601 UTC with milliseconds, e.g. 2026-11-29T03:26:55.123Z.
    public static func iso(_ seconds: Double) -> String {
        String(unsafeUninitializedCapacity: 24) { writeISO(seconds, into: $0) }
    }

    /// Appends `iso(seconds)` to `out` without making a String.
    static func appendISO(_ seconds: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            let count = writeISO(seconds, into: buffer)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes yyyy-MM-ddTHH:mm:ss.SSSZ digit by digit into the first 24 bytes of `bytes`; returns the count.
    private static func writeISO(_ seconds: Double, into bytes: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let totalMillis = Int64((seconds * 1000).rounded())
        let millis = Int(((totalMillis % 1000) + 1000) % 1000)
        let secondsOfEpoch = (totalMillis - Int64(millis)) / 1000
        var days = Int(secondsOfEpoch / 86_400)
        var secondOfDay = Int(secondsOfEpoch % 86_400)
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let fields = (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, millis)
        var index = 0
        func put(_ value: Int, _ digits: Int, then separator: UInt8) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                bytes[index] = UInt8(truncatingIfNeeded: 0x30 + value / divisor % 10); index += 1
                divisor /= 10
            }
            bytes[index] = separator; index += 1
        }
        put(fields.0, 4, then: 0x2D); put(fields.1, 2, then: 0x2D); put(fields.2, 2, then: 0x54)
        put(fields.3, 2, then: 0x3A); put(fields.4, 2, then: 0x3A); put(fields.5, 2, then: 0x2E)
        put(fields.6, 3, then: 0x5A)
        return index
    }

    /// Year, month and day of a day counted from 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Milliseconds with one decimal, rounded half away from zero: 250 → "250.0", 12.34 → "12.3".
    public static func milliseconds(_ value: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        appendMilliseconds(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `milliseconds(value)` to `out` without making a String.
    static func appendMilliseconds(_ value: Double, to out: inout [UInt8]) {
        let tenths = Int((value * 10).rounded())
        if tenths < 0 { out.append(UInt8(ascii: "-")) }
        UTF8Bytes.append(Int(tenths.magnitude / 10), to: &out)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(tenths.magnitude % 10))
    }
}
