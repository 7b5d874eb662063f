import Foundation
import Synchronization
@testable import StatusBatch

/// A Dispatcher over a real store in a temporary folder, a FakeClock and a FakeTransport, with every
/// sending setting adjustable (budgets, outage limit, adaptive rate). Call `remove()` when done.
struct SendingHarness {
    let dir: TempDir
    let store: JobStore
    let clock = FakeClock()
    let stop = StopSignal()
    let transport: FakeTransport

    init(rows: Int, answer: @escaping @Sendable (CapillaryRequest) -> TransportResult) throws {
        dir = try TempDir()
        store = try JobStore(path: dir.path("job.sqlite"))
        try store.insert((1...rows).map { ingested(line: $0 + 1, mobileUpdate("9198\(String(format: "%08d", $0))")) },
                         firstId: 1)
        transport = FakeTransport(clock: clock, answer: answer)
    }

    /// Runs one sending session; `configure` edits the settings built from the arguments.
    func run(rate: String = "10/s", concurrency: Int = 1, maxAttempts: Int = 6,
             credentials: CapillaryCredentials = .basic(username: "stub-till", password: "stub-pass"),
             configure: (inout SendingSettings) -> Void = { _ in },
             onProgress: (@Sendable (SendingProgress) -> Void)? = nil) throws -> SendingEnd {
        var settings = SendingSettings(rate: try SendRate(parsing: rate), concurrency: concurrency,
                                       retryPolicy: RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.5, maxDelay: 4))
        configure(&settings)
        let dispatcher = Dispatcher(
            store: store, transport: transport, endpoint: try CapillaryEndpoint(baseURL: "https://eu.api.capillarytech.com"),
            credentials: credentials, settings: settings, clock: clock,
            random: SeededRandom(seed: 7), stop: stop, onProgress: onProgress)
        return try dispatcher.run()
    }

    /// The URL of row `index`'s request.
    static func url(_ index: Int) -> String {
        "https://eu.api.capillarytech.com/v2/customers/lookup/status?source=INSTORE&identifierName=mobile&identifierValue=9198\(String(format: "%08d", index))"
    }

    func rows() throws -> [StoredRow] {
        var rows: [StoredRow] = []
        try store.forEachRow { rows.append($0) }
        return rows
    }

    /// The attempt history: start, scheduled start and status of every request, in start order.
    func attempts() throws -> [(started: Double, scheduled: Double?, status: Int?)] {
        var result: [(started: Double, scheduled: Double?, status: Int?)] = []
        try store.forEachAttempt { started, scheduled, status, _, _ in result.append((started, scheduled, status)) }
        return result
    }

    func remove() { dir.remove() }

    static let ok = FakeTransport.json(200, #"{"createdId":566881933,"warnings":[]}"#)
    static let unavailable = FakeTransport.json(503, "")
    static let tooMany = FakeTransport.json(429, "")
    /// A customer lookup's answer (the read-back calls' first step).
    static let lookupAnswer = FakeTransport.json(200, #"{"customers":[{"id":7}],"warnings":[]}"#)

    static func tooMany(retryAfter: String) -> TransportResult {
        FakeTransport.json(429, "", headers: [("Retry-After", retryAfter)])
    }
}

/// Numbers the requests a transport receives (1, 2, 3, ...) across threads.
final class RequestCounter: Sendable {
    private let count = Mutex(0)

    init() {}

    /// The number of this request.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }

    var value: Int { count.withLock { $0 } }
}
