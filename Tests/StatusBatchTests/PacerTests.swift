import Testing
@testable import StatusBatch

/// Pacer: start times for explicit `now` values (rate, burst, stalls without catch-up, pauses).
@Suite("Pacer")
struct PacerTests {
    static func pacer(_ rate: String, burst: Int = 0) throws -> Pacer {
        Pacer(rate: try SendRate(parsing: rate), burst: burst)
    }

    static func starts(_ pacer: inout Pacer, count: Int, now: Double) -> [Double] {
        (0..<count).map { _ in pacer.reserve(now: now) }
    }

    static func matches(_ actual: [Double], _ expected: [Double]) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { isClose($0, $1, tolerance: 1e-9) }
    }

    @Test("10/s: requests asked for at once start 0.1 s apart")
    func tenPerSecond() throws {
        var pacer = try Self.pacer("10/s")
        let starts = Self.starts(&pacer, count: 5, now: 1000)
        #expect(Self.matches(starts, [1000, 1000.1, 1000.2, 1000.3, 1000.4]), "\(starts)")
    }

    @Test("100/m: 0.6 s apart")
    func hundredPerMinute() throws {
        var pacer = try Self.pacer("100/m")
        let starts = Self.starts(&pacer, count: 4, now: 50)
        #expect(Self.matches(starts, [50, 50.6, 51.2, 51.8]), "\(starts)")
    }

    @Test("50/s with burst 5: six immediate starts, then 0.02 s apart")
    func burst() throws {
        var pacer = try Self.pacer("50/s", burst: 5)
        #expect(pacer.burst == 5)
        let starts = Self.starts(&pacer, count: 9, now: 10)
        #expect(Self.matches(starts, [10, 10, 10, 10, 10, 10, 10.02, 10.04, 10.06]), "\(starts)")
    }

    @Test("requests asked for later than their slot start at once")
    func spacedRequests() throws {
        var pacer = try Self.pacer("10/s")
        #expect(pacer.reserve(now: 0) == 0)
        #expect(pacer.reserve(now: 0.25) == 0.25)
        #expect(isClose(pacer.reserve(now: 0.25), 0.35))
    }

    @Test("after a stall the schedule continues from now, without a catch-up burst")
    func stall() throws {
        var pacer = try Self.pacer("10/s")
        #expect(Self.matches(Self.starts(&pacer, count: 2, now: 0), [0, 0.1]))
        let afterStall = Self.starts(&pacer, count: 3, now: 5)
        #expect(Self.matches(afterStall, [5, 5.1, 5.2]), "\(afterStall)")
    }

    @Test("pause(until:) holds the next start until then; an earlier pause does not shorten it")
    func pause() throws {
        var pacer = try Self.pacer("10/s")
        #expect(pacer.reserve(now: 0) == 0)
        pacer.pause(until: 3)
        pacer.pause(until: 1)
        #expect(pacer.reserve(now: 0.5) == 3)
        #expect(isClose(pacer.reserve(now: 0.5), 3.1))
        #expect(isClose(pacer.reserve(now: 4), 4))
    }

    @Test("a negative burst counts as none")
    func negativeBurst() throws {
        var pacer = try Self.pacer("10/s", burst: -3)
        #expect(pacer.burst == 0)
        #expect(Self.matches(Self.starts(&pacer, count: 2, now: 0), [0, 0.1]))
    }
}
