import Testing
@testable import StatusBatch

/// ISO8601Check: the date-time shapes and ranges it accepts (sent as UTC whole seconds) and refuses.
@Suite("ISO8601Check")
struct ISO8601CheckTests {
    @Test("accepted", arguments: [
        "2026-01-31T09:30:00Z", "2026-01-31T09:30:00.123+05:30", "2024-02-29T00:00:00Z", "2000-02-29T23:59:59z",
        "2026-01-31t09:30:00Z", "2026-01-31T09:30:00.1Z", "2026-01-31T09:30:00+0530",
        "2026-01-31T09:30:00-08", "2026-04-30T00:00:00+14:00",
    ])
    func accepted(text: String) {
        let sent = try? ISO8601Check.sendable(text).get()
        #expect(sent?.count == 20 && sent?.hasSuffix("Z") == true && sent.flatMap { Timestamp.seconds(iso: $0) } != nil,
                "\(sent ?? "refused")")
    }

    @Test("refused", arguments: [
        "2026-02-30T00:00:00Z", "31/01/2026", "2026-01-31", "2026-01-31T25:00:00Z", "2026-01-31T09:30:00",
        "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-31T09:60:00Z", "2026-01-31T09:30:61Z",
        "2026-01-31 09:30:00Z", "2026-01-31T09:30:00.Z", "2026-01-31T09:30:00.123", "2026-01-31T09:30:00+15:00",
        "2026-01-31T09:30:00+05:60", "2026-01-31T09:30:00+05:3", "2026-01-31T09:30:00Zjunk", "2026-1-31T09:30:00Z",
        "", "2026-01-31T09:30:00+05:30:00", "2026-12-31T23:59:60Z",
    ])
    func refused(text: String) {
        #expect((try? ISO8601Check.sendable(text).get()) == nil)
    }
}
