import Foundation
import Testing
@testable import StatusBatch

/// Timestamp.seconds(iso:): ISO 8601 times read back into seconds, checked against Foundation's parser.
@Suite("TimestampParsing")
struct TimestampParsingTests {
    /// 2026-11-30T10:15:02Z, in seconds since 1970.
    static let november = 1_796_033_702.0
    /// 2100-01-01T00:00:00Z.
    static let year2100 = 4_102_444_800.0

    /// Foundation's formatter for `zone` (seconds east of UTC); `colon` puts a `:` in the zone offset.
    static func formatter(zone: Int, fractional: Bool, colon: Bool = true) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        var options: ISO8601DateFormatter.Options = [.withFullDate, .withTime, .withColonSeparatorInTime, .withTimeZone]
        if colon { options.insert(.withColonSeparatorInTimeZone) }
        if fractional { options.insert(.withFractionalSeconds) }
        formatter.formatOptions = options
        formatter.timeZone = TimeZone(secondsFromGMT: zone)
        return formatter
    }

    /// How one family of strings is written: zone offset, fraction, colon in the offset, and how the text must end.
    struct Style: Sendable, CustomStringConvertible {
        var zone: Int
        var fractional: Bool
        var colon = true
        var suffix: String
        var description: String { "zone \(zone) fractional \(fractional) suffix \(suffix)" }
    }

    static let styles = [
        Style(zone: 0, fractional: true, suffix: "Z"),
        Style(zone: 0, fractional: false, suffix: "Z"),
        Style(zone: 19_800, fractional: true, suffix: "+05:30"),
        Style(zone: 19_800, fractional: false, suffix: "+05:30"),
        Style(zone: -28_800, fractional: true, suffix: "-08:00"),
        Style(zone: -28_800, fractional: false, suffix: "-08:00"),
        Style(zone: 19_800, fractional: false, colon: false, suffix: "+0530"),
        Style(zone: 19_800, fractional: true, colon: false, suffix: "+0530"),
    ]

    @Test("agrees with ISO8601DateFormatter on 3,000 seeded instants from 1970 to 2100", arguments: styles)
    func matchesFoundation(style: Style) {
        let formatter = Self.formatter(zone: style.zone, fractional: style.fractional, colon: style.colon)
        var random = SeededRandom(seed: 20_261_130 &+ UInt64(style.zone + 100_000) &+ (style.fractional ? 1 : 0))
        var mismatches = 0
        for _ in 0..<3_000 {
            // Whole milliseconds (whole seconds without a fraction), so the text holds the instant exactly.
            let millis = (random.nextUnit() * Self.year2100 * 1000).rounded(.down)
            let instant = style.fractional ? millis / 1000 : (millis / 1000).rounded(.down)
            let text = formatter.string(from: Date(timeIntervalSince1970: instant))
            guard text.hasSuffix(style.suffix), text.utf8.count > 10, Array(text.utf8)[10] == UInt8(ascii: "T") else {
                Issue.record("Foundation wrote \(text) for \(style)")
                return
            }
            let parsed = Timestamp.seconds(iso: text)
            let foundation = formatter.date(from: text)?.timeIntervalSince1970
            guard let parsed, let foundation, abs(parsed - foundation) < 0.0005, abs(parsed - instant) < 0.0005 else {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(text): ours \(String(describing: parsed)), Foundation \(String(describing: foundation)), instant \(instant)")
                }
                continue
            }
        }
        #expect(mismatches == 0)
    }

    @Test("known instants, zone offsets and fractions")
    func knownInstants() {
        #expect(Timestamp.seconds(iso: "1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.seconds(iso: "2026-11-30T10:15:02Z") == Self.november)
        #expect(Timestamp.seconds(iso: "2026-11-30T15:45:02+05:30") == Self.november)
        #expect(Timestamp.seconds(iso: "2026-11-30T15:45:02+0530") == Self.november)
        #expect(Timestamp.seconds(iso: "2026-11-30T02:15:02-08:00") == Self.november)
        #expect(Timestamp.seconds(iso: "2026-11-30T12:15:02+02") == Self.november)
        #expect(Timestamp.seconds(iso: "2026-11-30T10:15:02.5Z") == Self.november + 0.5)
        #expect(Timestamp.seconds(iso: "2026-11-30T10:15:02.250Z") == Self.november + 0.25)
        #expect(Timestamp.seconds(iso: "2024-02-29T00:00:00Z") == 1_709_164_800)
        #expect(Timestamp.seconds(iso: "2100-01-01T00:00:00Z") == Self.year2100)
    }

    @Test("a lowercase t or a space separates date and time; no zone means UTC", arguments: [
        "2026-11-30t10:15:02Z", "2026-11-30 10:15:02Z", "2026-11-30T10:15:02", "2026-11-30 10:15:02", "2026-11-30T10:15:02z",
    ])
    func separatorsAndNoZone(text: String) {
        #expect(Timestamp.seconds(iso: text) == Self.november)
    }

    @Test("text that is not such a time is refused", arguments: [
        "", "2026-11-30", "2026-11-30T", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z",
        "2026-11-32T00:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T10:60:00Z", "2026-11-30T10:15Z",
        "2026-11-30T10:15+05:30", "2026-11-30T10:15:02Zjunk", "2026-11-30T10:15:02Z ", "2026-11-30T10:15:02 ",
        "2026-11-30T10:15:02.Z", "2026-11-30T10:15:02.", "2026-11-30T10:15:02+15:00", "2026-11-30T10:15:02+05:3",
        "2026-11-30T10:15:02+05:", "2026-11-30T10:15:02+05:60", "2026-11-30X10:15:02Z", "2026/11/30T10:15:02Z",
        "20261130T101502Z", "2026-11-30T10:15:02UTC", "+2026-11-30T10:15:02Z", "2026-1a-30T10:15:02Z",
    ])
    func refused(text: String) {
        #expect(Timestamp.seconds(iso: text) == nil)
    }

    @Test("a day the month does not have is refused, as ISO8601Check refuses it", arguments: [
        "2026-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2100-02-29T00:00:00Z",
    ])
    func impossibleDay(text: String) {
        #expect((try? ISO8601Check.sendable(text).get()) == nil)
        #expect(Timestamp.seconds(iso: text) == nil)
    }
}
