/// Reading ISO 8601 times back into seconds since 1970.
extension Timestamp {
    /// `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH[:MM]]` as seconds since 1970; nil when the text is not such a time.
    /// Unless `strict`, a space for `T` and no zone (meaning UTC) are accepted too.
    public static func seconds(iso text: String, strict: Bool = false) -> Double? {
        let b = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for byte in b[start..<(start + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard b.count >= 19, let year = number(0, 4), b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D,
              let day = number(8, 2), (strict ? [0x54, 0x74] : [0x54, 0x74, 0x20]).contains(b[10]), let hour = number(11, 2), b[13] == 0x3A,
              let minute = number(14, 2), b[16] == 0x3A, let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, (48...57).contains(b[index]) {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        if strict && index == b.count { return nil }
        if index < b.count {
            switch b[index] {
            case 0x5A, 0x7A:
                index += 1
            case 0x2B, 0x2D:
                let sign = b[index] == 0x2B ? 1 : -1
                guard let zoneHour = number(index + 1, 2), zoneHour <= 14 else { return nil }
                var zoneMinute = 0
                index += 3
                if index < b.count {
                    if b[index] == 0x3A { index += 1 }
                    guard let minutes = number(index, 2), minutes < 60 else { return nil }
                    zoneMinute = minutes
                    index += 2
                }
                offset = sign * (zoneHour * 3600 + zoneMinute * 60)
            default:
                return nil
            }
        }
        guard index == b.count else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let local = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return local - Double(offset)
    }

    /// The number of days in `month` of `year` (proleptic Gregorian).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
