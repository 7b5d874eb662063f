import Testing
@testable import StatusBatch

/// WindowQuotaLearner on simulated traffic: a sender at `--rate` (then at the learnt pace) through a model of
/// the server's limit, pausing 1 s after each 429 (at most, as the pool does during a run; or until just after
/// the boundary the learner predicts).
@Suite("WindowQuotaLearner")
struct WindowQuotaLearnerTests {
    /// A server limit: whether a request at `now` is admitted, and the Retry-After of a refusal.
    typealias Limit = (Double) -> (admitted: Bool, retryAfter: Double?)

    struct Traffic {
        var admitted: [Double] = []
        var refused: [Double] = []
        var learner = WindowQuotaLearner()

        /// Admissions in [start, start + length).
        func admitted(from start: Double, length: Double) -> Int {
            admitted.filter { $0 >= start && $0 < start + length }.count
        }
    }

    /// Sends for `seconds` at `ceiling` requests per second, or at the learnt pace (2 % under it) once there is one.
    static func drive(ceiling: Double, seconds: Double, limit: Limit, traffic start: Traffic = Traffic(),
                      from: Double = 0) -> Traffic {
        var traffic = start
        var now = from
        while now < seconds {
            let (admitted, retryAfter) = limit(now)
            if admitted {
                traffic.admitted.append(now)
                _ = traffic.learner.admitted(now: now)
            } else {
                traffic.refused.append(now)
                traffic.learner.refused(now: now, retryAfter: retryAfter)
            }
            let rate = min(ceiling, traffic.learner.pace(now: now) ?? ceiling)
            let boundary = traffic.learner.nextTry(after: now, lead: SendingSettings.boundaryLead) ?? .infinity
            now += admitted ? 1 / rate : max(1 / rate, min(1, retryAfter ?? 1, boundary - now))
        }
        return traffic
    }

    /// A fixed window: `quota` per `window` seconds from 0; Retry-After to the boundary when `namesBoundary`.
    final class FixedWindow {
        var quota: Int
        let window: Double
        let namesBoundary: Bool
        var index = -1
        var used = 0
        init(quota: Int, window: Double, namesBoundary: Bool) {
            self.quota = quota
            self.window = window
            self.namesBoundary = namesBoundary
        }
        func admit(_ now: Double) -> (Bool, Double?) {
            let current = Int(now / window)
            if current != index { index = current; used = 0 }
            guard used < quota else { return (false, namesBoundary ? (Double(current + 1) * window - now).rounded(.up) : nil) }
            used += 1
            return (true, nil)
        }
    }

    @Test("fixed window 300/min without Retry-After at 20/s: learnt in the first minute; ≥ 285 a window after, ≤ 5 refusals")
    func fixedWindowWithoutRetryAfter() throws {
        let server = FixedWindow(quota: 300, window: 60, namesBoundary: false)
        let traffic = Self.drive(ceiling: 20, seconds: 600, limit: server.admit)
        let learnt = try #require(traffic.learner.learnt)
        #expect(learnt.quota == 300 && abs(learnt.window - 60) <= 1, "\(learnt)")
        let perWindow = (1..<10).map { traffic.admitted(from: Double($0) * 60, length: 60) }
        #expect(perWindow.allSatisfy { $0 >= 285 && $0 <= 300 }, "\(perWindow)")
        #expect(traffic.refused.filter { $0 >= 60 }.count <= 5, "\(traffic.refused.filter { $0 >= 60 })")
    }

    @Test("100 per 10 s entered 1 s late, at 30/s (the end-to-end test's shape): ≥ 95 in the next two windows, ≥ 98 from the fourth, no refusal from the third")
    func tenSecondWindowsEnteredLate() throws {
        let server = FixedWindow(quota: 100, window: 10, namesBoundary: false)
        let traffic = Self.drive(ceiling: 30, seconds: 120, limit: server.admit, from: 1)
        let learnt = try #require(traffic.learner.learnt)
        #expect(learnt.quota == 100 && learnt.window == 10, "the grid's round length: \(learnt)")
        let perWindow = (1..<12).map { traffic.admitted(from: Double($0) * 10, length: 10) }
        #expect(perWindow.prefix(2).allSatisfy { $0 >= 95 } && perWindow.dropFirst(2).allSatisfy { $0 >= 98 && $0 <= 100 },
                "\(perWindow)")
        #expect(traffic.refused.filter { $0 >= 20 }.isEmpty, "\(traffic.refused.filter { $0 >= 10 })")
    }

    @Test("a job that starts 20 s into a window learns it short, is refused at the next window's end, and settles")
    func startedLateInAWindow() throws {
        let server = FixedWindow(quota: 300, window: 60, namesBoundary: false)
        let traffic = Self.drive(ceiling: 20, seconds: 900, limit: server.admit, from: 20)
        let learnt = try #require(traffic.learner.learnt)
        #expect(learnt.quota <= 300 && learnt.quota >= 285 && abs(learnt.window - 60) <= 1, "\(learnt)")
        let perWindow = (3..<15).map { traffic.admitted(from: Double($0) * 60, length: 60) }
        #expect(perWindow.allSatisfy { $0 >= 270 }, "\(perWindow)")
        #expect(traffic.refused.filter { $0 >= 180 }.count <= 5, "\(traffic.refused.filter { $0 >= 180 })")
    }

    @Test("fixed window 300/min with Retry-After: the boundary it names gives the window")
    func fixedWindowWithRetryAfter() throws {
        let server = FixedWindow(quota: 300, window: 60, namesBoundary: true)
        let traffic = Self.drive(ceiling: 20, seconds: 600, limit: server.admit)
        let learnt = try #require(traffic.learner.learnt)
        // Retry-After is in whole seconds (rounded up): the boundary is known to within the pause after a refusal.
        // A probe's run re-measures over the windows since the last boundary: within the quota, not above it.
        #expect((285...300).contains(learnt.quota) && abs(learnt.window - 60) <= 1, "\(learnt)")
        let perWindow = (1..<10).map { traffic.admitted(from: Double($0) * 60, length: 60) }
        #expect(perWindow.allSatisfy { $0 >= 285 }, "\(perWindow)")
    }

    @Test("a sliding window of 300 in any 60 s: learnt, and paced under it with ≥ 285 per minute after the first")
    func slidingWindow() throws {
        var times: [Double] = []
        let traffic = Self.drive(ceiling: 20, seconds: 600) { now in
            times.removeAll { $0 <= now - 60 }
            guard times.count < 300 else { return (false, nil) }
            times.append(now)
            return (true, nil)
        }
        let learnt = try #require(traffic.learner.learnt)
        // A sliding window has no boundaries: what it learns is a rate, within 5 % under 300 a minute.
        let perSecond = Double(learnt.quota) / learnt.window
        #expect(perSecond >= 4.75 && perSecond <= 5, "\(learnt)")
        let perMinute = (2..<10).map { traffic.admitted(from: Double($0) * 60, length: 60) }
        #expect(perMinute.allSatisfy { $0 >= 285 }, "\(perMinute)")
        #expect(traffic.refused.filter { $0 >= 120 }.count <= 5)
    }

    @Test("a leaky bucket (20/s, burst 5) and random 429s on a healthy server (with or without Retry-After) teach it nothing")
    func bucketAndNoise() {
        var level = 0.0, last = 0.0
        let bucket = Self.drive(ceiling: 50, seconds: 120) { now in
            level = max(0, level - (now - last) * 20)
            last = now
            guard level + 1 <= 6 else { return (false, nil) }
            level += 1
            return (true, nil)
        }
        #expect(bucket.learner.learnt == nil && !bucket.refused.isEmpty)
        var random = SeededRandom(seed: 3)
        let noisy = Self.drive(ceiling: 20, seconds: 600) { _ in (random.nextUnit() >= 0.05, nil) }
        #expect(noisy.learner.learnt == nil && noisy.refused.count > 100)
        // With Retry-After: 1 (a gateway's random 429s, like the stub's flaky profile): two in a row are not a window.
        let withRetryAfter = Self.drive(ceiling: 20, seconds: 1800) { _ in
            random.nextUnit() >= 0.05 ? (true, nil) : (false, 1)
        }
        #expect(withRetryAfter.learner.learnt == nil && withRetryAfter.refused.count > 500)
    }

    @Test("a quota raised mid-job is found by the probes; one that stays is kept, its probes taken back")
    func quotaRaised() throws {
        let server = FixedWindow(quota: 300, window: 60, namesBoundary: false)
        var traffic = Traffic()
        var now = 0.0
        // 300 a minute for 20 minutes, then 400.
        while now < 3600 {
            if now >= 1200 { server.quota = 400 }
            let (admitted, retryAfter) = server.admit(now)
            if admitted { traffic.admitted.append(now); _ = traffic.learner.admitted(now: now) } else {
                traffic.refused.append(now)
                traffic.learner.refused(now: now, retryAfter: retryAfter)
            }
            if now < 1200 { #expect((traffic.learner.learnt?.quota ?? 300) <= 315) }
            let rate = min(20, traffic.learner.learnt?.pace ?? 20)
            now += admitted ? 1 / rate : 1
        }
        let learnt = try #require(traffic.learner.learnt)
        #expect(learnt.quota > 330, "\(learnt)")
        // Before the raise, the probes cost a few refusals every five minutes, not a storm.
        #expect(traffic.refused.filter { $0 >= 60 && $0 < 1200 }.count <= 20)
    }

    @Test("a remembered quota paces from the start; one that is too high is learnt again within two windows")
    func remembered() throws {
        let server = FixedWindow(quota: 300, window: 60, namesBoundary: false)
        var traffic = Traffic()
        traffic.learner = WindowQuotaLearner(remembered: LearnedQuota(quota: 300, window: 60))
        traffic = Self.drive(ceiling: 20, seconds: 300, limit: server.admit, traffic: traffic)
        #expect(traffic.refused.isEmpty)
        #expect((0..<5).map { traffic.admitted(from: Double($0) * 60, length: 60) }.allSatisfy { $0 >= 285 })

        let stricter = FixedWindow(quota: 200, window: 60, namesBoundary: false)
        var again = Traffic()
        again.learner = WindowQuotaLearner(remembered: LearnedQuota(quota: 300, window: 60))
        again = Self.drive(ceiling: 20, seconds: 600, limit: stricter.admit, traffic: again)
        let learnt = try #require(again.learner.learnt)
        #expect(learnt.quota == 200 && abs(learnt.window - 60) <= 1, "\(learnt)")
        #expect(again.refused.filter { $0 >= 180 }.count <= 5, "\(again.refused.filter { $0 >= 180 })")
    }
}

/// SendingCore with a limit an earlier run learnt: requests start at its pace, not at `--rate`.
@Suite("SendingCore: a remembered limit")
struct SendingCoreRememberedLimitTests {
    @Test("300 per 60 s remembered, --rate 20/s: the second start comes 1 / 4.9 s after the first")
    func rememberedPace() throws {
        typealias S = SendingCoreScript
        var script = try S(rate: "20/s", concurrency: 4) { $0.rememberedLimit = .window(LearnedQuota(quota: 300, window: 60)) }
        #expect(script.run([
            step(0, .claim(limit: 4)),
            step(0, [.claimed([S.row(1), S.row(2)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(0, .actionWhere("a wait of 1 / 4.9 s") { action in
                guard case .wait(let until?) = action else { return false }
                return abs(until - 1 / 4.9) < 1e-9
            }),
            step(1 / 4.9, .start(rowId: 2, scheduledAt: 1 / 4.9)),
        ]) == nil)
        #expect(script.core.progress.learntLimit == .window(LearnedQuota(quota: 300, window: 60)))
        #expect(isClose(script.core.currentRate, 4.9, tolerance: 1e-9))
    }

    @Test("a bucket of 20/s remembered (±0.5 %), --rate 50/s: starts 1 / 19.8 s apart, shown as learnt")
    func rememberedBucket() throws {
        typealias S = SendingCoreScript
        let bucket = LearnedBucket(rate: 20, burst: 5, uncertainty: 0.005, refusals: 6)
        var script = try S(rate: "50/s", concurrency: 4) { $0.rememberedLimit = .bucket(bucket) }
        #expect(script.run([
            step(0, .claim(limit: 4)),
            step(0, [.claimed([S.row(1), S.row(2)], nextDue: nil)], .start(rowId: 1, scheduledAt: 0)),
            step(1 / 19.8, .start(rowId: 2, scheduledAt: 1 / 19.8)),
        ]) == nil)
        #expect(script.core.progress.learntLimit == .bucket(bucket))
        #expect(isClose(script.core.currentRate, 19.8, tolerance: 1e-9))
    }
}
