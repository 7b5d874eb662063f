import Foundation
import Testing
@testable import StatusBatch

/// RateAudit.make over a real store with a hand-written attempt history and pauses.
@Suite("RateAudit")
struct RateAuditTests {
    /// 2023-11-14T22:14:00Z, the start of a minute.
    static let base = 1_700_000_040.0

    /// Offsets from `base` of the hand-written requests: start, scheduled start (nil = unknown), status.
    static let history: [(started: Double, scheduled: Double?, status: Int)] = [
        (0.00, 0.00, 200),
        (0.05, 0.04, 200),
        (0.08, 0.05, 429),
        (0.50, nil, 200),
        (0.95, 0.96, 200), // started before its schedule: counts as no delay
        (1.20, 1.20, 503),
        (59.99, 59.99, 200),
        (60.00, 60.00, 429),
        (61.00, 61.00, 200),
        (125.00, 125.00, 429),
    ]

    /// A store with one row per request of `history`, each claimed and answered with its attempt record;
    /// recorded in reverse order so the audit must sort by start time.
    static func withAuditStore(_ body: (JobStore) throws -> Void) throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            try store.insert((1...history.count).map { ingested(line: $0 + 1, mobileUpdate("9198000\($0)")) }, firstId: 1)
            _ = try store.claim(limit: history.count, now: base)
            let outcomes = history.enumerated().reversed().map { index, entry in
                RowOutcome(rowId: index + 1, resolution: .succeeded(createdId: nil, warnings: nil), counts: RequestCounts(requests: 1, attempts: 1), httpStatus: entry.status,
                           sentAt: base + entry.started, finishedAt: base + entry.started + 0.01,
                           attempt: AttemptRecord(attempt: 1, scheduledAt: entry.scheduled.map { base + $0 },
                                                  startedAt: base + entry.started, durationMs: 10,
                                                  httpStatus: entry.status, code: nil, outcome: .success, retryAfter: nil))
            }
            try store.record(Array(outcomes.prefix(4)))
            try store.record(Array(outcomes.dropFirst(4)), pauses: [
                PauseRecord(cause: .retryAfter, startedAt: base + 2, endedAt: base + 3.5),
                PauseRecord(cause: .retryAfter, startedAt: base + 70, endedAt: base + 71),
                PauseRecord(cause: .backoff, startedAt: base + 10, endedAt: base + 10.333),
            ])
            try store.setMeta([JobMetaKey.configuredRate: "600/m", JobMetaKey.finalRate: "7.25",
                               JobMetaKey.rateDecreases: "3"])
            try body(store)
        }
    }

    @Test("counts requests, 429 answers, and the configured and final rates")
    func totals() throws {
        try Self.withAuditStore { store in
            let audit = try RateAudit.make(store: store)
            #expect(audit.requests == 10)
            #expect(audit.responses429 == 3)
            #expect(audit.configuredRate == "600/m")
            #expect(audit.configuredPerSecond == 10)
            #expect(audit.finalRatePerSecond == 7.25)
            #expect(audit.rateDecreases == 3)
        }
    }

    @Test("the busiest 1 s window holds 5 requests and the busiest 100 ms window 3")
    func windows() throws {
        try Self.withAuditStore { store in
            let audit = try RateAudit.make(store: store)
            #expect(audit.maxRequestsInOneSecond == 5)
            #expect(audit.maxRequestsInTenthSecond == 3)
        }
    }

    @Test("requests per UTC minute, in order, named by the minute's start")
    func perMinute() throws {
        try Self.withAuditStore { store in
            let audit = try RateAudit.make(store: store)
            #expect(audit.requestsPerMinute == [
                RateAudit.Minute(minute: "2023-11-14T22:14:00.000Z", requests: 7),
                RateAudit.Minute(minute: "2023-11-14T22:15:00.000Z", requests: 2),
                RateAudit.Minute(minute: "2023-11-14T22:16:00.000Z", requests: 1),
            ])
        }
    }

    @Test("start delay: mean and max over requests with a schedule; early starts count as 0")
    func startDelay() throws {
        try Self.withAuditStore { store in
            let audit = try RateAudit.make(store: store)
            // Delays in ms: 0, 10, 30, 0 (early), 0, 0, 0, 0, 0 → mean 40/9.
            let mean = try #require(audit.startDelayMeanMs)
            let max = try #require(audit.startDelayMaxMs)
            #expect(isClose(mean, 4.44, tolerance: 0.011), "\(mean)")
            #expect(isClose(max, 30, tolerance: 0.011), "\(max)")
        }
    }

    @Test("paused seconds per cause, rounded to hundredths")
    func paused() throws {
        try Self.withAuditStore { store in
            let audit = try RateAudit.make(store: store)
            #expect(audit.pausedSeconds == ["retry_after": 2.5, "backoff": 0.33])
        }
    }

    @Test("an empty history: zero counts, no delays, no minutes; an unknown rate has no per-second value")
    func empty() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            let audit = try RateAudit.make(store: store)
            #expect(audit.requests == 0)
            #expect(audit.requestsPerMinute.isEmpty)
            #expect(audit.maxRequestsInOneSecond == 0)
            #expect(audit.maxRequestsInTenthSecond == 0)
            #expect(audit.startDelayMeanMs == nil)
            #expect(audit.startDelayMaxMs == nil)
            #expect(audit.pausedSeconds.isEmpty)
            #expect(audit.responses429 == 0)
            #expect(audit.configuredRate == "")
            #expect(audit.configuredPerSecond == nil)
            #expect(audit.finalRatePerSecond == nil)
            #expect(audit.rateDecreases == 0)
        }
    }

    @Test("ten requests in the same millisecond are ten in every window")
    func sameInstant() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            try store.insert((1...10).map { ingested(line: $0 + 1, mobileUpdate("9198000\($0)")) }, firstId: 1)
            _ = try store.claim(limit: 10, now: 0)
            try store.record((1...10).map { id in
                RowOutcome(rowId: id, resolution: .succeeded(createdId: nil, warnings: nil), counts: RequestCounts(requests: 1, attempts: 1), finishedAt: 1,
                           attempt: AttemptRecord(attempt: 1, scheduledAt: nil, startedAt: 1000.5, durationMs: 1,
                                                  httpStatus: 200, code: nil, outcome: .success, retryAfter: nil))
            })
            let audit = try RateAudit.make(store: store)
            #expect(audit.maxRequestsInOneSecond == 10)
            #expect(audit.maxRequestsInTenthSecond == 10)
            #expect(audit.startDelayMeanMs == nil)
        }
    }
}
