import Synchronization
@testable import StatusBatch

/// An HTTPTransport that answers synchronously from a closure and records each request with the fake time it left.
final class FakeTransport: HTTPTransport {
    struct Sent: Sendable {
        var request: CapillaryRequest
        var url: String { request.url }
        var time: Double
    }

    private let clock: FakeClock
    private let answer: @Sendable (CapillaryRequest) -> TransportResult
    private let log = Mutex<[Sent]>([])

    init(clock: FakeClock, answer: @escaping @Sendable (CapillaryRequest) -> TransportResult) {
        self.clock = clock
        self.answer = answer
    }

    func send(_ request: CapillaryRequest, completion: @escaping @Sendable (TransportResult) -> Void) {
        let time = clock.now()
        log.withLock { $0.append(Sent(request: request, time: time)) }
        completion(answer(request))
    }

    func shutdown() {}

    /// Every request so far, in the order they were sent.
    var sent: [Sent] { log.withLock { $0 } }

    /// A status with a JSON body.
    static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> TransportResult {
        .answered(status: status, headers: headers, body: Array(body.utf8))
    }
}

/// Answers handed out in order, per URL; the last one repeats once the script runs out.
final class ScriptedAnswers: Sendable {
    private let script: [TransportResult]
    private let counts = Mutex<[String: Int]>([:])

    init(_ script: [TransportResult]) { self.script = script }

    func next(for request: CapillaryRequest) -> TransportResult {
        let index = counts.withLock { counts -> Int in
            defer { counts[request.url, default: 0] += 1 }
            return counts[request.url, default: 0]
        }
        return script[min(index, script.count - 1)]
    }
}
