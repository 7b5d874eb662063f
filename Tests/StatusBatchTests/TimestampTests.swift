import Foundation
import Testing
@testable import StatusBatch

/// Timestamp: the hand-written formatter agrees with Foundation's ISO 8601 formatter.
@Suite("Timestamp")
struct TimestampTests {
    @Test("iso matches ISO8601DateFormatter for 20,000 times from 1900 to 2100")
    func matchesFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var random = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            // Whole milliseconds, so that both sides round the same value.
            let millis = Int64(random.nextUnit() * 6_311_433_600_000) - 2_208_988_800_000
            let seconds = Double(millis) / 1000
            #expect(Timestamp.iso(seconds) == formatter.string(from: Date(timeIntervalSince1970: seconds)), "\(millis)")
        }
    }

    @Test func edges() {
        #expect(Timestamp.iso(-0.001) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.iso(4_107_542_399.999) == "2100-02-28T23:59:59.999Z")
        #expect(Timestamp.iso(1_709_164_800) == "2024-02-29T00:00:00.000Z")
        #expect(Timestamp.milliseconds(250) == "250.0")
        #expect(Timestamp.milliseconds(12.34) == "12.3")
        #expect(Timestamp.milliseconds(0.05) == "0.1")
    }
}
