import Foundation
import Testing
@testable import CapillarySimulator

/// SeededFaults and the engine's seeded 503s, drops and latency: reproducible per seed, independent of order.
@Suite("SeededFaults")
struct SeededFaultsTests {
    /// 200 distinct customers whose values trigger no suffix rule (they all end in 7, which no hook does:
    /// values ending in 1 would hit `0461`).
    static let customers = (0..<200).map { "9199\(10_000 + $0)7" }

    /// Sends each value once (in the given order) to a fresh engine; answers value -> reply.
    static func run(seed: UInt64, values: [String] = customers,
                    _ configure: (inout SimulatorOptions) -> Void = { $0.failureRate = 0.3 }) throws
        -> [String: SimulatedReply] {
        let engine = try Sim.engine { $0.seed = seed; configure(&$0) }
        var replies: [String: SimulatedReply] = [:]
        for value in values { replies[value] = Sim.answer(engine, Sim.request(value: value)) }
        return replies
    }

    static func statuses(_ replies: [String: SimulatedReply]) -> [Int] {
        customers.map { replies[$0]?.status ?? -1 }
    }

    @Test("the same seed gives the same statuses on two fresh engines")
    func sameSeedSameSequence() throws {
        let first = Self.statuses(try Self.run(seed: 7))
        let second = Self.statuses(try Self.run(seed: 7))
        #expect(first == second)
        #expect(Set(first) == [200, 503])
    }

    @Test("another seed gives other statuses")
    func otherSeedDiffers() throws {
        #expect(Self.statuses(try Self.run(seed: 7)) != Self.statuses(try Self.run(seed: 8)))
        #expect(Self.statuses(try Self.run(seed: 1)) != Self.statuses(try Self.run(seed: 2)))
    }

    @Test("failureRate 0.3 answers roughly 30 % with 503", arguments: [1, 7, 12345] as [UInt64])
    func failureFraction(seed: UInt64) throws {
        let statuses = Self.statuses(try Self.run(seed: seed))
        let fraction = Double(statuses.filter { $0 == 503 }.count) / Double(statuses.count)
        #expect(fraction >= 0.2 && fraction <= 0.4, "503 fraction \(fraction)")
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 503 })
    }

    @Test("the decision per customer does not depend on the order requests arrive in")
    func orderIndependent() throws {
        var random = TestRandom(state: 99)
        let shuffled = Self.customers.shuffled(using: &random)
        #expect(shuffled != Self.customers)
        let inOrder = try Self.run(seed: 7)
        let outOfOrder = try Self.run(seed: 7, values: shuffled)
        for value in Self.customers {
            #expect(inOrder[value]?.status == outOfOrder[value]?.status, "\(value)")
        }
    }

    @Test("retries of one customer get fresh draws: some first-attempt 503s succeed on the second attempt")
    func retriesRedraw() throws {
        let engine = try Sim.engine { $0.seed = 7; $0.failureRate = 0.3 }
        let first = Self.customers.map { Sim.answer(engine, Sim.request(value: $0), now: 1000).status }
        let failed = zip(Self.customers, first).filter { $0.1 == 503 }.map(\.0)
        #expect(!failed.isEmpty)
        let retried = failed.map { Sim.answer(engine, Sim.request(value: $0), now: 1001).status }
        #expect(retried.contains(200))
        #expect(retried.contains(503) || failed.count < 10)
    }

    @Test("failureRate 0 and 1")
    func extremes() throws {
        #expect(Self.statuses(try Self.run(seed: 3) { $0.failureRate = 0 }).allSatisfy { $0 == 200 })
        let all = try Self.run(seed: 3) { $0.failureRate = 1 }
        #expect(Self.statuses(all).allSatisfy { $0 == 503 })
        #expect(all.values.allSatisfy { hasCapillaryErrorShape($0, code: 503) && $0.busyCustomer == nil })
    }

    @Test("dropRate 1 drops every answer: drop == true, no customer marked busy, nothing in history")
    func dropAll() throws {
        let engine = try Sim.engine { $0.dropRate = 1 }
        for _ in 0..<3 {
            let reply = engine.handle(Sim.request(), now: 1000)
            #expect(reply.drop == true)
            #expect(reply.busyCustomer == nil)
            engine.finished(reply)
        }
        #expect(engine.historyCounts().isEmpty)
    }

    @Test("dropRate 0.3 drops roughly 30 %, reproducibly; the rest succeed")
    func dropFraction() throws {
        let options: (inout SimulatorOptions) -> Void = { $0.dropRate = 0.3 }
        let first = try Self.run(seed: 5, options)
        let second = try Self.run(seed: 5, options)
        let drops = Self.customers.filter { first[$0]?.drop == true }
        let fraction = Double(drops.count) / Double(Self.customers.count)
        #expect(fraction >= 0.2 && fraction <= 0.4, "drop fraction \(fraction)")
        #expect(drops == Self.customers.filter { second[$0]?.drop == true })
        #expect(Self.customers.filter { first[$0]?.drop == false }.allSatisfy { first[$0]?.status == 200 })
    }

    @Test("latency without jitter delays every answer by exactly latencyMs")
    func fixedLatency() throws {
        let replies = try Self.run(seed: 1) { $0.latencyMs = 250 }
        #expect(replies.values.allSatisfy { $0.delay == 0.25 })
    }

    @Test("latency with jitter stays within [latency, latency + jitter] and varies", arguments: [1, 2] as [UInt64])
    func jitter(seed: UInt64) throws {
        let replies = try Self.run(seed: seed) { $0.latencyMs = 100; $0.latencyJitterMs = 50 }
        let delays = replies.values.map(\.delay)
        #expect(delays.allSatisfy { $0 >= 0.1 && $0 <= 0.15 }, "\(delays.filter { $0 < 0.1 || $0 > 0.15 })")
        #expect(Set(delays).count > 100)
        #expect(delays.contains { $0 < 0.11 } && delays.contains { $0 > 0.14 })
    }

    @Test("latency applies to validation errors and seeded faults, not to 404 or rate limiting")
    func latencyScope() throws {
        let engine = try Sim.engine { $0.latencyMs = 20; $0.perSecondLimit = 3 }
        #expect(Sim.answer(engine, Sim.request(source: "NOPE"), now: 1000).delay == 0.02)
        #expect(Sim.answer(engine, Sim.request(value: "919800000503"), now: 1000).delay == 0.02)
        #expect(Sim.answer(engine, Sim.request(), now: 1000).delay == 0.02)
        #expect(Sim.answer(engine, Sim.request(path: "/x"), now: 1000).delay == 0)
        let limited = Sim.answer(engine, Sim.request(), now: 1000)
        #expect(limited.status == 429)
        #expect(limited.delay == 0)
    }

    @Test("SeededFaults: numbers in [0, 1), the same for the same inputs, different per seed, customer, attempt")
    func streamDirectly() {
        func draws(_ seed: UInt64, _ customer: String, _ attempt: Int) -> [Double] {
            var faults = SeededFaults(seed: seed, customer: customer, attempt: attempt)
            return (0..<8).map { _ in faults.unit() }
        }
        let base = draws(1, "mobile:1", 0)
        #expect(base.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(base == draws(1, "mobile:1", 0))
        #expect(base != draws(2, "mobile:1", 0))
        #expect(base != draws(1, "mobile:2", 0))
        #expect(base != draws(1, "mobile:1", 1))
        #expect(Set(base).count == base.count)
    }

    @Test("SeededFaults: the mean of many draws is about 0.5")
    func streamMean() {
        var total = 0.0
        for index in 0..<2000 {
            var faults = SeededFaults(seed: 9, customer: "email:user\(index)@x.com", attempt: 0)
            total += faults.unit()
        }
        #expect(abs(total / 2000 - 0.5) < 0.05)
    }
}
