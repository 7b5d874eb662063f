import Testing
@testable import StatusBatch

/// OutageDetector (pure): 20 transient answers in a row, or more than half of a full window of 100, mean an outage.
@Suite("OutageDetector")
struct OutageDetectorTests {
    /// Feeds `answers` (true = transient) and returns what each call said.
    static func feed(_ detector: inout OutageDetector, _ answers: [Bool]) -> [Bool] {
        answers.map { detector.record(transient: $0) }
    }

    /// `transient` transient answers among `total`: transient on even positions, any extra ones at the end
    /// (so runs stay short).
    static func interleaved(total: Int, transient: Int) -> [Bool] {
        var answers: [Bool] = []
        var left = transient
        while answers.count < total {
            let remainingSlots = total - answers.count
            // Put a transient answer when the rest could not hold the remaining ones otherwise.
            let putTransient = left > 0 && (answers.count % 2 == 0 || left >= remainingSlots)
            answers.append(putTransient)
            if putTransient { left -= 1 }
        }
        return answers
    }

    static func longestRun(_ answers: [Bool]) -> Int {
        var best = 0, current = 0
        for transient in answers {
            current = transient ? current + 1 : 0
            best = max(best, current)
        }
        return best
    }

    @Test("19 transient answers then an ok one: no outage, and the run starts over")
    func nineteenThenOk() {
        var detector = OutageDetector()
        let first = Self.feed(&detector, Array(repeating: true, count: 19) + [false])
        #expect(first.allSatisfy { !$0 })
        let again = Self.feed(&detector, Array(repeating: true, count: 19))
        #expect(again.allSatisfy { !$0 })
    }

    @Test("20 transient answers in a row: the 20th reports an outage, and it goes on until an ok answer")
    func twentyInARow() {
        var detector = OutageDetector()
        let answers = Self.feed(&detector, Array(repeating: true, count: 22))
        #expect(answers == Array(repeating: false, count: 19) + [true, true, true])
        #expect(detector.record(transient: false) == false)
    }

    @Test("a full window of 100 with 51 transient answers (never 20 in a row) is an outage")
    func windowShareOutage() {
        let answers = Self.interleaved(total: 100, transient: 51)
        #expect(answers.filter { $0 }.count == 51)
        #expect(Self.longestRun(answers) < 20)
        var detector = OutageDetector()
        let results = Self.feed(&detector, answers)
        #expect(results.dropLast().allSatisfy { !$0 }, "only the 100th answer fills the window")
        #expect(results.last == true)
    }

    @Test("a full window with exactly 50 transient answers is not an outage")
    func windowShareExactlyHalf() {
        let answers = Self.interleaved(total: 100, transient: 50)
        #expect(answers.filter { $0 }.count == 50)
        var detector = OutageDetector()
        #expect(Self.feed(&detector, answers).allSatisfy { !$0 })
        // 50 more answers in the same pattern keep exactly half transient.
        #expect(Self.feed(&detector, Array(answers.prefix(50))).allSatisfy { !$0 })
    }

    @Test("the window rolls: replacing the oldest ok answer by a transient one tips 50 into 51")
    func windowRolls() {
        // T F T F ... : 50 transient of 100, the oldest answer transient.
        let alternating = (0..<100).map { $0 % 2 == 0 }
        var detector = OutageDetector()
        #expect(Self.feed(&detector, alternating).allSatisfy { !$0 })
        // Replaces the oldest (transient) answer: still 50.
        #expect(detector.record(transient: true) == false)
        // Replaces the next oldest (ok) answer: 51.
        #expect(detector.record(transient: true) == true)
        // Two ok answers replace a transient and an ok one: back to 50.
        #expect(detector.record(transient: false) == false)
        #expect(detector.record(transient: false) == false)
    }

    @Test("a window that is not full yet never counts, however transient")
    func partialWindow() {
        var detector = OutageDetector()
        // 19 transient then 1 ok, four times: 76 of 80 transient, never 20 in a row.
        let answers = Array((0..<4).map { _ in Array(repeating: true, count: 19) + [false] }.joined())
        #expect(Self.feed(&detector, answers).allSatisfy { !$0 })
    }

    @Test("reset() forgets the run in progress and the window")
    func reset() {
        var detector = OutageDetector()
        _ = Self.feed(&detector, Array(repeating: true, count: 19))
        detector.reset()
        #expect(Self.feed(&detector, Array(repeating: true, count: 19)).allSatisfy { !$0 })
        #expect(detector.record(transient: true) == true)

        var windowed = OutageDetector()
        _ = Self.feed(&windowed, Self.interleaved(total: 99, transient: 50))
        windowed.reset()
        // Without the reset this would fill the window with 51 transient answers.
        #expect(windowed.record(transient: true) == false)
        #expect(Self.feed(&windowed, Self.interleaved(total: 98, transient: 49)).allSatisfy { !$0 })
    }

    @Test("a reset detector equals a fresh one")
    func resetEqualsFresh() {
        var detector = OutageDetector()
        _ = Self.feed(&detector, Self.interleaved(total: 130, transient: 70))
        detector.reset()
        #expect(detector == OutageDetector())
    }
}
