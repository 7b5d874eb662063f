import Testing
@testable import StatusBatch

/// SlidingCount: the most events in any window of `width` seconds (half-open: (t - width, t]).
@Suite("SlidingCount")
struct SlidingCountTests {
    static func maximum(width: Double, _ times: [Double]) -> Int {
        var count = SlidingCount(width: width)
        for time in times { count.add(time) }
        return count.maximum
    }

    @Test("no events: maximum 0; one event: 1")
    func trivial() {
        #expect(Self.maximum(width: 1, []) == 0)
        #expect(Self.maximum(width: 1, [42]) == 1)
    }

    @Test("events inside one width are counted together; older ones leave the window")
    func window() {
        #expect(Self.maximum(width: 1, [0, 0.3, 0.6, 0.9]) == 4)
        #expect(Self.maximum(width: 1, [0, 0.3, 0.6, 0.9, 1.95, 2.0, 2.05]) == 4)
        #expect(Self.maximum(width: 1, [0, 0.5, 1.25, 1.75, 2.0, 2.125]) == 4)
    }

    @Test("an event exactly one width earlier is outside the window")
    func halfOpen() {
        #expect(Self.maximum(width: 1, [0, 1]) == 1)
        #expect(Self.maximum(width: 1, [0, 0.999_999]) == 2)
        #expect(Self.maximum(width: 0.5, [0, 0.5, 1, 1.5]) == 1)
    }

    @Test("events at the same instant all count")
    func sameInstant() {
        #expect(Self.maximum(width: 0.1, Array(repeating: 7, count: 12)) == 12)
    }

    @Test("the maximum is kept after the window moves on")
    func keepsMaximum() {
        var count = SlidingCount(width: 1)
        for time in [0.0, 0.1, 0.2] { count.add(time) }
        #expect(count.maximum == 3)
        for time in [5.0, 10.0, 15.0] { count.add(time) }
        #expect(count.maximum == 3)
        #expect(count.width == 1)
    }

    @Test("still exact after compacting its buffer (over 65 536 events dropped)")
    func compaction() {
        var count = SlidingCount(width: 1)
        for second in 0..<70_000 { count.add(Double(second)) }
        #expect(count.maximum == 1)
        for _ in 0..<3 { count.add(70_000) }
        #expect(count.maximum == 3)
        count.add(70_000.5)
        #expect(count.maximum == 4)
        count.add(70_001)
        #expect(count.maximum == 4)
    }
}
