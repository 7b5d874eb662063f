import Testing
@testable import StatusBatch

/// WindowGrid: boundaries a window apart fitted to sightings (last refusal, first admission).
@Suite("WindowGrid")
struct WindowGridTests {
    @Test("two sightings a second wide, 10 s apart: the round length 10 s, the latest sighting's range narrowed by the first")
    func roundLength() throws {
        var grid = WindowGrid()
        grid.saw(8.4...9.3)
        #expect(grid.fit(approximately: 9) == nil, "one sighting is no grid")
        grid.saw(18.9...19.8)
        let fit = try #require(grid.fit(approximately: 9))
        #expect(fit.window == 10)
        #expect(fit.latest == 18.9...19.3, "\(fit.latest)")
    }

    @Test("a length no round one fits: the middle of what the sightings allow, narrowing with each sighting")
    func otherLength() throws {
        var grid = WindowGrid()
        grid.saw(7.0...7.4)
        grid.saw(14.3...14.7)
        let first = try #require(grid.fit(approximately: 7.3))
        #expect(abs(first.window - 7.3) < 1e-9, "\(first.window)")
        grid.saw(43.5...43.7)
        let second = try #require(grid.fit(approximately: 7.3))
        #expect(abs(second.window - 7.3) <= 0.04, "\(second.window)")
    }

    @Test("sightings no grid fits (a sliding window's runs) give none")
    func noGrid() {
        var grid = WindowGrid()
        grid.saw(10.0...10.2)
        grid.saw(20.0...20.2)
        grid.saw(33.0...33.2)
        #expect(grid.fit(approximately: 10) == nil)
    }

    @Test("after a refusal the next try comes at the middle of the next boundary's range, then at its end")
    func nextTry() throws {
        var grid = WindowGrid()
        grid.saw(9.0...10.0)
        grid.saw(19.0...20.0)
        let middle = try #require(grid.nextTry(after: 28.7, approximately: 10, lead: 0.05))
        #expect(abs(middle - 29.55) < 1e-9, "\(middle)")
        let end = try #require(grid.nextTry(after: 29.55, approximately: 10, lead: 0.05))
        #expect(abs(end - 30.05) < 1e-9, "\(end)")
        #expect(grid.isNearBoundary(28.9, approximately: 10, slack: 0.2))
        #expect(!grid.isNearBoundary(25, approximately: 10, slack: 0.2))
    }
}
