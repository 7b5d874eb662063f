import Testing
@testable import StatusBatch

/// SendRate: parsing `N/s`, `N/m`, `N/h` and bare numbers.
@Suite("SendRate")
struct SendRateTests {
    @Test("valid rates", arguments: [
        ("10/s", 10.0), ("100/m", 100.0 / 60), ("5", 5.0), ("600/min", 10.0), ("2.5/sec", 2.5), ("10/S", 10.0),
        ("3600/h", 1.0), ("60 / minute", 1.0), ("1/second", 1.0), ("7200/hour", 2.0),
    ])
    func valid(text: String, perSecond: Double) throws {
        let rate = try SendRate(parsing: text)
        #expect(rate.perSecond == perSecond)
        #expect(rate.text == text)
        #expect(rate.description == text)
    }

    @Test("interval is the time between starts")
    func interval() throws {
        #expect(try SendRate(parsing: "10/s").interval == 0.1)
        #expect(isClose(try SendRate(parsing: "100/m").interval, 0.6, tolerance: 1e-12))
        #expect(try SendRate(parsing: "4").interval == 0.25)
    }

    @Test("invalid rates are usage errors", arguments: ["0/s", "abc", "10/d", "", "-5/s", "/s", "inf", "nan", "0"])
    func invalid(text: String) {
        let error = #expect(throws: StatusBatchError.self) { _ = try SendRate(parsing: text) }
        #expect(error?.status == .usageError)
    }
}
