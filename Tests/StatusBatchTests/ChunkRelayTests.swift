import Foundation
import Synchronization
import Testing
@testable import StatusBatch

/// Handing numbered values from a helper thread to a consumer in order.
@Suite struct ChunkRelayTests {
    @Test("values come out in order, and the helper never gets more than `ahead` values in front")
    func inOrderAndBounded() throws {
        let relay = ChunkRelay<Int>(ahead: 2)
        let handedOver = Mutex(0)
        Thread {
            for index in 0..<200 {
                guard relay.put(index * 10, index: index) else { return }
                handedOver.withLock { $0 += 1 }
            }
        }.start()
        var taken: [Int] = []
        for index in 0..<200 {
            if index % 50 == 0 {
                // Give the helper time to run ahead: it must stop at `ahead` values waiting.
                Thread.sleep(forTimeInterval: 0.05)
                #expect(handedOver.withLock { $0 } <= index + 2)
            }
            taken.append(try relay.take(index: index))
        }
        #expect(taken == (0..<200).map { $0 * 10 })
    }

    @Test("a helper's failure is thrown to the consumer waiting for a value; a consumer's cancel stops the helper")
    func failureAndCancel() throws {
        struct Broken: Error {}
        let relay = ChunkRelay<Int>(ahead: 1)
        Thread {
            relay.put(1, index: 0)
            relay.fail(Broken())
        }.start()
        #expect(try relay.take(index: 0) == 1)
        #expect(throws: Broken.self) { try relay.take(index: 1) }

        let cancelled = ChunkRelay<Int>(ahead: 1)
        let stopped = WakeSignal()
        let result = Mutex<Bool?>(nil)
        Thread {
            cancelled.put(0, index: 0)
            let placed = cancelled.put(1, index: 1)  // waits: one value waits already
            result.withLock { $0 = placed }
            stopped.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        cancelled.cancel()
        #expect(stopped.wait(until: Date().addingTimeInterval(10)))
        #expect(result.withLock { $0 } == false)
    }

    @Test("both sides claim numbers and make values: each number once, taken in order, polling never blocks")
    func claimingBothSides() throws {
        let relay = ChunkRelay<Int>(ahead: 2)
        let count = 300
        let helperMade = Mutex<[Int]>([])
        Thread {
            while true {
                let index = relay.claim()
                guard index < count else { return }
                helperMade.withLock { $0.append(index) }
                guard relay.put(index * 10, index: index) else { return }
            }
        }.start()
        var own: [Int: Int] = [:], taken: [Int] = [], madeHere: [Int] = []
        var claimed = -1
        for index in 0..<count {
            while own[index] == nil, claimed < count, claimed - index < 3 {
                if let value = try relay.poll(index: index) {
                    own[index] = value
                    break
                }
                claimed = relay.claim()
                if claimed < count {
                    own[claimed] = claimed * 10
                    madeHere.append(claimed)
                }
            }
            taken.append(try own.removeValue(forKey: index) ?? relay.take(index: index))
        }
        #expect(taken == (0..<count).map { $0 * 10 })
        #expect(own.isEmpty)
        // Every number was made by exactly one side.
        let byHelper = helperMade.withLock { $0 }
        #expect((byHelper + madeHere).sorted() == Array(0..<count))
        #expect(relay.claim() >= count)
    }

    @Test("poll: nothing yet is nil, a value handed over comes once, a failure is thrown")
    func pollAnswers() throws {
        struct Broken: Error {}
        let relay = ChunkRelay<Int>(ahead: 1)
        #expect(try relay.poll(index: 0) == nil)
        relay.put(7, index: 0)
        #expect(try relay.poll(index: 0) == 7)
        #expect(try relay.poll(index: 0) == nil)
        relay.fail(Broken())
        #expect(throws: Broken.self) { try relay.poll(index: 1) }
    }
}
