import Testing
@testable import StatusBatch

/// BucketRateLearner on simulated traffic: a sender at `--rate` through a model of nginx `limit_req` (the
/// stand-in's limiter), pausing 1 s after each 429 (its Retry-After), halving its rate on a refusal the learner
/// does not explain (as the adaptive rate would) and pacing at the learner's pace once it has one.
@Suite("BucketRateLearner")
struct BucketRateLearnerTests {
    /// nginx `limit_req` with `nodelay`: an excess that drains at `rate` a second and refuses a request that would
    /// take it over `burst`; a refused request changes nothing.
    final class NginxBucket {
        var rate: Double
        let burst: Double
        var excess = 0.0
        var last = 0.0
        init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = burst
        }
        func admit(_ now: Double) -> Bool {
            let next = max(0, excess - rate * max(0, now - last) + 1)
            guard next <= burst else { return false }
            excess = next
            last = now
            return true
        }
    }

    struct Traffic {
        var admitted: [Double] = []
        var refused: [Double] = []
        var learner = BucketRateLearner()
        var settledAt: Double?

        func admitted(from start: Double, to end: Double) -> Int { admitted.filter { $0 >= start && $0 < end }.count }
    }

    /// Sends from `from` to `seconds` as the sending core does: at the lower of the adaptive rate (which a refusal
    /// the learner does not explain lowers) and the learner's pace; `admit` is the server.
    static func drive(ceiling: Double, seconds: Double, admit: (Double) -> Bool, traffic start: Traffic = Traffic(),
                      from: Double = 0, learns: Bool = true, inFlight: Double? = nil) -> Traffic {
        var traffic = start
        var now = from
        var adaptive = AdaptiveRate(ceiling: ceiling)
        while now < seconds {
            if admit(now) {
                traffic.admitted.append(now)
                adaptive.answered(now: now)
                if learns { _ = traffic.learner.admitted(startedAt: now) }
                now += 1 / min(adaptive.rate(now: now), traffic.learner.pace ?? .infinity)
            } else {
                traffic.refused.append(now)
                if !learns || traffic.learner.refused(startedAt: now, resumeAt: now + 1) == .unexplained { adaptive.throttled(now: now) }
                if traffic.learner.knowsBucket { adaptive.raiseToCeiling() }
                if let inFlight, admit(now + inFlight) {
                    // A request started before the 429 came back (a loaded client) is admitted during the pause.
                    traffic.admitted.append(now + inFlight)
                    _ = traffic.learner.admitted(startedAt: now + inFlight)
                }
                now += 1
            }
            if traffic.settledAt == nil && traffic.learner.learnt != nil { traffic.settledAt = now }
        }
        return traffic
    }

    @Test("nginx 20/s burst 5 at --rate 50/s: learnt within 1 % in the first minute, ≥ 97 % after, ≤ 10 refusals in all")
    func nginxBucket() throws {
        let server = NginxBucket(rate: 20, burst: 5)
        let traffic = Self.drive(ceiling: 50, seconds: 300, admit: server.admit)
        let learnt = try #require(traffic.learner.learnt)
        #expect(abs(learnt.rate - 20) <= 0.2, "\(learnt)")
        #expect(try #require(traffic.settledAt) < 60)
        #expect(traffic.refused.count <= 10, "\(traffic.refused)")
        let share = Double(traffic.admitted(from: 60, to: 300)) / (20 * 240)
        #expect(share >= 0.97 && share <= 1, "\(share)")
    }

    @Test("a request in flight when the 429 came back (admitted before the pause) does not skew the cycles")
    func inFlightDuringThePause() throws {
        let server = NginxBucket(rate: 40, burst: 5)
        let traffic = Self.drive(ceiling: 100, seconds: 300, admit: server.admit, inFlight: 0.026)
        let learnt = try #require(traffic.learner.learnt)
        #expect(abs(learnt.rate - 40) <= 0.4, "\(learnt)")
        #expect(traffic.refused.count <= 10, "\(traffic.refused)")
    }

    @Test("other buckets: 100/s burst 10, 5/s burst 3, 1000/s burst 100 — learnt within 1 %, then paced at ≥ 96 %")
    func otherBuckets() throws {
        for (rate, burst, ceiling) in [(100.0, 10.0, 400.0), (5, 3, 20), (1000, 100, 3000)] {
            let server = NginxBucket(rate: rate, burst: burst)
            let traffic = Self.drive(ceiling: ceiling, seconds: 600, admit: server.admit)
            let learnt = try #require(traffic.learner.learnt, "\(rate)/s")
            #expect(abs(learnt.rate - rate) <= 0.01 * rate, "\(rate)/s: \(learnt)")
            let share = Double(traffic.admitted(from: 300, to: 600)) / (rate * 300)
            #expect(share >= 0.96 && share <= 1, "\(rate)/s: \(share)")
            // At most the probe for a raised limit, five minutes after settling.
            #expect(traffic.refused.filter { $0 >= 300 }.count <= 1, "\(rate)/s: \(traffic.refused.filter { $0 >= 300 })")
        }
    }

    @Test("random 429s (2–20 %) on a healthy server are not taken for a bucket: ≥ 95 % as many admitted as without the learner")
    func random429s() {
        for (seed, share) in [(UInt64(7), 0.05), (11, 0.05), (13, 0.1), (17, 0.05), (19, 0.02), (23, 0.1), (29, 0.05), (31, 0.2), (37, 0.05), (41, 0.05)] {
            var random = SeededRandom(seed: seed)
            let traffic = Self.drive(ceiling: 50, seconds: 300, admit: { _ in random.nextUnit() >= share })
            random = SeededRandom(seed: seed)
            let alone = Self.drive(ceiling: 50, seconds: 300, admit: { _ in random.nextUnit() >= share }, learns: false)
            #expect(traffic.learner.learnt == nil, "\(traffic.learner)")
            #expect(traffic.admitted.count >= alone.admitted.count * 95 / 100, "\(traffic.admitted.count) vs \(alone.admitted.count)")
        }
    }

    @Test("a bucket raised from 20/s to 30/s is found by the probe after 5 minutes")
    func raisedBucket() throws {
        let server = NginxBucket(rate: 20, burst: 5)
        var traffic = Self.drive(ceiling: 50, seconds: 100, admit: server.admit)
        server.rate = 30
        traffic = Self.drive(ceiling: 50, seconds: 600, admit: server.admit, traffic: traffic, from: traffic.admitted.last ?? 100)
        let learnt = try #require(traffic.learner.learnt)
        #expect(learnt.rate >= 29 && learnt.rate <= 30.3, "\(learnt)")
        #expect(traffic.refused.filter { $0 >= 100 }.count <= 8, "\(traffic.refused.filter { $0 >= 100 })")
    }

    @Test("a bucket lowered from 20/s to 15/s is learnt again, within 100 s")
    func loweredBucket() throws {
        let server = NginxBucket(rate: 20, burst: 5)
        var traffic = Self.drive(ceiling: 50, seconds: 100, admit: server.admit)
        server.rate = 15
        traffic = Self.drive(ceiling: 50, seconds: 300, admit: server.admit, traffic: traffic, from: traffic.admitted.last ?? 100)
        let learnt = try #require(traffic.learner.learnt)
        #expect(abs(learnt.rate - 15) <= 0.3, "\(learnt)")
        #expect(traffic.refused.filter { $0 >= 200 }.isEmpty, "\(traffic.refused.filter { $0 >= 200 })")
    }

    @Test("a remembered bucket is paced under from the first request (on the wall clock): no refusal before the probe")
    func remembered() {
        let server = NginxBucket(rate: 20, burst: 5)
        let remembered = LearnedBucket(rate: 20.05, burst: 5, uncertainty: 0.006, refusals: 7)
        let start = 1_764_560_000.0
        let traffic = Self.drive(ceiling: 50, seconds: start + 290, admit: server.admit,
                                 traffic: Traffic(learner: BucketRateLearner(remembered: remembered)), from: start)
        #expect(traffic.refused.isEmpty, "\(traffic.refused)")
        #expect(traffic.admitted.count >= Int(0.97 * 20 * 290))
    }

    @Test("the fit: a bucket's cycles give its rate; a line through zero at the sending rate is not a bucket")
    func fit() throws {
        let bucket = try #require(BucketFit([(0.2, 8), (1, 24), (3, 64)]))
        #expect(abs(bucket.rate - 20) < 0.01 && abs(bucket.intercept - 4) < 0.01)
        #expect(BucketFit([(0.4, 20), (1.2, 60), (0.2, 10)]) == nil, "through zero")
        #expect(BucketFit([(0.4, 20), (0.41, 20.5), (0.42, 21)]) == nil, "lengths too close")
        #expect(BucketFit([(0.2, 8), (1, 24), (3, 90)]) == nil, "off the line")
    }
}
