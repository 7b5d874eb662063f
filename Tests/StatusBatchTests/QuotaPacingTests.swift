import Testing
@testable import StatusBatch

/// `--quota`: a limit the operator knows is paced evenly 2 % under it, never above `--rate`, with nothing learnt.
@Suite("SendingSettings: --quota")
struct QuotaPacingTests {
    static func settings(rate: String) throws -> SendingSettings {
        SendingSettings(rate: try SendRate(parsing: rate), retryPolicy: RetryPolicy())
    }

    @Test("300/m under a 20/s ceiling: 294/m, the adaptive rate off, the quota kept")
    func underTheCeiling() throws {
        var settings = try Self.settings(rate: "20/s")
        settings.pace(underQuota: try SendRate(parsing: "300/m", option: "--quota"))
        #expect(settings.rate.text == "294/m")
        #expect(isClose(settings.rate.perSecond, 4.9, tolerance: 1e-9))
        #expect(!settings.adaptive)
        #expect(settings.quota?.text == "300/m")
        // The text is a rate again (the summary and the rate audit read it back).
        #expect(isClose(try SendRate(parsing: settings.rate.text).perSecond, 4.9, tolerance: 1e-9))
    }

    @Test("a quota above --rate leaves the rate as asked; per-second quotas and odd figures")
    func ceilingAndUnits() throws {
        var slow = try Self.settings(rate: "1/s")
        slow.pace(underQuota: try SendRate(parsing: "1000/m", option: "--quota"))
        #expect(slow.rate.text == "1/s" && !slow.adaptive)
        var fast = try Self.settings(rate: "100/s")
        fast.pace(underQuota: try SendRate(parsing: "20/s", option: "--quota"))
        #expect(fast.rate.text == "1176/m")
        var odd = try Self.settings(rate: "10/s")
        odd.pace(underQuota: try SendRate(parsing: "7/m", option: "--quota"))
        #expect(odd.rate.text == "6.86/m")
    }

    @Test("a wrong quota names --quota")
    func wrongQuota() {
        #expect(throws: StatusBatchError.self) { try SendRate(parsing: "lots", option: "--quota") }
        do {
            _ = try SendRate(parsing: "5/week", option: "--quota")
        } catch let error as StatusBatchError {
            #expect(error.message == "--quota 5/week: the unit must be s, m or h")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
