import Testing
@testable import StatusBatch

/// Spotting customers that may repeat while the input streams by.
@Suite struct DuplicateWatchTests {
    @Test("500,000 different customers leave (next to) no candidate; every repeated one is a candidate")
    func distinctAndRepeated() throws {
        var watch = DuplicateWatch()
        for index in 0..<500_000 { watch.see("mobile\u{1F}91\(9_800_000_000 + index)") }
        let falseCandidates = try #require(watch.candidates).count
        #expect(falseCandidates <= 1)
        for index in stride(from: 0, to: 500_000, by: 2500) { watch.see("mobile\u{1F}91\(9_800_000_000 + index)") }
        let candidates = try #require(watch.candidates)
        #expect(candidates.count >= 200)
        for index in stride(from: 0, to: 500_000, by: 2500) { #expect(candidates.contains("mobile\u{1F}91\(9_800_000_000 + index)")) }
    }

    @Test("past the limit of candidates the watch gives up: every key may repeat")
    func givesUp() {
        var watch = DuplicateWatch()
        for _ in 0..<2 {
            for index in 0...DuplicateWatch.candidateLimit { watch.see("k\(index)") }
        }
        #expect(watch.candidates == nil)
    }
}
