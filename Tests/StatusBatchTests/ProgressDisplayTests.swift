import Testing
@testable import StatusBatch

/// ProgressDisplay through an injected writer and a fake clock: terminal redraws, throttling, width,
/// outage, finish; plain lines every 10 s; quiet.
@Suite("ProgressDisplay")
struct ProgressDisplayTests {
    static let clear = "\r\u{1B}[2K"

    /// 120 of 1000 rows done (100 succeeded, 15 failed, 5 gave up) at 4.5/s: 880 left → 196 s.
    static func sample(done succeeded: Int = 100) -> SendingProgress {
        var progress = SendingProgress()
        progress.total = 1000
        progress.requests = 140
        progress.succeeded = succeeded
        progress.failed = 15
        progress.gaveUp = 5
        progress.retrying = 7
        progress.currentRate = 4.5
        return progress
    }

    static let sampleLine = "120/1000 rows 12.0% | 4.5/s | ETA 3m16s | 100 succeeded, 15 failed, 7 retried, 5 gave up"

    func display(_ mode: ProgressDisplay.Mode, width: Int = 100) -> (ProgressDisplay, FakeClock, TextRecorder) {
        let clock = FakeClock()
        let recorder = TextRecorder()
        return (ProgressDisplay(mode: mode, width: width, clock: clock, write: recorder.record), clock, recorder)
    }

    /// One update of the sample a second, for `seconds` seconds, then `finish()`.
    func feedSample(_ display: ProgressDisplay, _ clock: FakeClock, seconds: Int) {
        for _ in 0..<seconds {
            clock.advance(by: 1)
            display.update(Self.sample())
        }
        display.finish()
    }

    @Test("terminal: one line redrawn in place, no newline, with counts, percent, rate and ETA")
    func terminalFormat() {
        let (display, _, recorder) = display(.terminal)
        display.update(Self.sample())
        #expect(recorder.all == [Self.clear + Self.sampleLine])
        #expect(!recorder.all[0].contains("\n"))
    }

    @Test("terminal: throttled and gave-up counts appear when non-zero only")
    func terminalOptionalCounts() {
        var progress = Self.sample()
        progress.gaveUp = 0
        progress.throttled = 3
        #expect(ProgressText.terminalLine(progress)
            == "115/1000 rows 11.5% | 4.5/s | ETA 3m17s | 100 succeeded, 15 failed, 7 retried, 3 throttled")
    }

    @Test("terminal and plain: a limit learnt from the API's 429s follows the rate, with its shape")
    func learntLimit() {
        var progress = Self.sample()
        progress.learntLimit = .bucket(LearnedBucket(rate: 20.01, burst: 5.9, uncertainty: 0.005, refusals: 6))
        #expect(ProgressText.terminalLine(progress)
            == "120/1000 rows 12.0% | 4.5/s (limit 20.0/s learnt) | ETA 3m16s | 100 succeeded, 15 failed, 7 retried, 5 gave up")
        progress.learntLimit = .window(LearnedQuota(quota: 300, window: 60))
        #expect(ProgressText.plainLine(progress).contains("rate 4.5/s (quota 300/60s learnt), ETA"))
    }

    @Test("terminal: copying a streamed input shows its size, the counters replace it, finish ends a lone copy line")
    func copying() {
        let (display, clock, recorder) = display(.terminal)
        display.copying(bytes: 12_345_678)
        #expect(recorder.all == [Self.clear + "copying the input into the job folder: 12.3 MB"])
        clock.advance(by: 1)
        display.update(Self.sample())
        #expect(recorder.all.last == Self.clear + Self.sampleLine)
        let (lone, _, written) = self.display(.terminal)
        lone.copying(bytes: 999)
        lone.finish()
        #expect(written.all == [Self.clear + "copying the input into the job folder: 999 B", "\n"])
    }

    @Test("terminal: 100 updates in one simulated second make at most 11 redraws")
    func terminalThrottle() {
        let (display, clock, recorder) = display(.terminal)
        for index in 0..<100 {
            display.update(Self.sample(done: index))
            clock.advance(by: 0.01)
        }
        #expect(recorder.all.count >= 9)
        #expect(recorder.all.count <= 11)
        #expect(recorder.all.allSatisfy { $0.hasPrefix(Self.clear) && !$0.contains("\n") })
    }

    @Test("terminal: the same counters are not drawn twice")
    func terminalUnchanged() {
        let (display, clock, recorder) = display(.terminal)
        for _ in 0..<5 {
            display.update(Self.sample())
            clock.advance(by: 1)
        }
        #expect(recorder.all == [Self.clear + Self.sampleLine])
    }

    @Test("terminal: finish draws the last state, even one dropped by the throttle, and ends the line")
    func terminalFinish() {
        let (display, clock, recorder) = display(.terminal)
        display.update(Self.sample(done: 90))
        clock.advance(by: 0.05)
        display.update(Self.sample())
        #expect(recorder.all.count == 1)
        display.finish()
        display.finish()
        display.update(Self.sample(done: 200))
        #expect(recorder.all.count == 2)
        #expect(recorder.all.last == Self.clear + Self.sampleLine + "\n")
    }

    @Test("terminal: the line is cut to one column less than the width")
    func terminalWidth() {
        let (display, _, recorder) = display(.terminal, width: 30)
        display.update(Self.sample())
        #expect(recorder.all == [Self.clear + "120/1000 rows 12.0% | 4.5/s |"])
    }

    @Test("terminal: an outage shows instead of the rate, and the ETA is unknown")
    func terminalOutage() {
        var progress = Self.sample()
        progress.inOutage = true
        let (display, _, recorder) = display(.terminal)
        display.update(progress)
        #expect(recorder.all == [Self.clear
            + "120/1000 rows 12.0% | API down: probing | ETA -- | 100 succeeded, 15 failed, 7 retried, 5 gave up"])
    }

    @Test("terminal: a note clears the status line, prints its own line and redraws the status below")
    func terminalNote() {
        let (display, _, recorder) = display(.terminal)
        display.note("before")
        display.update(Self.sample())
        display.note("interrupt received")
        #expect(recorder.all == ["before\n", Self.clear + Self.sampleLine,
                                 Self.clear + "interrupt received\n" + Self.clear + Self.sampleLine])
    }

    @Test("plain: at most one full line per 10 s, each ending with a newline; finish adds nothing")
    func plainLines() {
        let (display, clock, recorder) = display(.plain)
        feedSample(display, clock, seconds: 25)
        let line = "statusbatch: 120/1000 rows 12.0%, 140 requests: 100 succeeded, 15 failed, 7 retried, "
            + "5 gave up, 0 throttled; rate 4.5/s, ETA 3m16s\n"
        #expect(recorder.all == [line, line])
    }

    @Test("plain: an outage is named at the end of the line")
    func plainOutage() {
        var progress = Self.sample()
        progress.inOutage = true
        #expect(ProgressText.plainLine(progress).hasSuffix("; rate 4.5/s, ETA --, API down: probing"))
    }

    @Test("quiet: nothing at all, except notes")
    func quiet() {
        let (display, clock, recorder) = display(.quiet)
        feedSample(display, clock, seconds: 30)
        #expect(recorder.all.isEmpty)
        display.note("stopping")
        #expect(recorder.all == ["stopping\n"])
    }

    @Test("ETA: seconds, minutes, hours; unknown without a rate; zero when nothing is left")
    func eta() {
        #expect(ProgressText.duration(42) == "42s")
        #expect(ProgressText.duration(192) == "3m12s")
        #expect(ProgressText.duration(7500) == "2h05m")
        var progress = Self.sample()
        progress.currentRate = 0
        #expect(ProgressText.eta(progress) == "ETA --")
        progress.total = 120
        #expect(ProgressText.eta(progress) == "ETA 0s")
        #expect(ProgressText.doneOfTotal(SendingProgress()) == "0/0 rows 100.0%")
    }
}
