import Foundation
@testable import StatusBatch

/// A finished job of any size, built straight into a store with a fixed pattern of outcomes:
/// every 50th row rejected, every 20th failed with 8015, every 20th (offset 2) gave up on 503,
/// every 20th (offset 3) failed with one of `otherCodes` other codes, the rest succeeded; one request per row at 100/s.
struct SyntheticJob {
    static let t0 = 1_700_000_000.0

    let dir: TempDir
    let store: JobStore

    init(rows: Int, otherCodes: Int = 5) throws {
        dir = try TempDir()
        store = try JobStore(path: dir.path("job.sqlite"))
        let records = (0..<rows).map { index -> IngestedRecord in
            let value = String(919_800_000_000 + index)
            let update = CustomerUpdate(identifierName: "mobile", identifierValue: value, label: "VIP",
                                        reason: "bulk upgrade", source: "INSTORE", accountId: nil, createdOn: nil)
            return IngestedRecord(line: index + 2, raw: "\(value),VIP,bulk upgrade", update: update,
                                  rejection: index % 50 == 49 ? "label is empty" : nil)
        }
        try store.insert(records, firstId: 1)
        try store.setMeta([JobMetaKey.inputPath: dir.path("input.csv"), JobMetaKey.inputSize: String(rows * 30),
                           JobMetaKey.inputSHA256: String(repeating: "ab", count: 32), JobMetaKey.inputFormat: "csv",
                           JobMetaKey.option("target"): "simulator", JobMetaKey.configuredRate: "100/s"])
        let claimed = try store.claim(limit: rows, now: Self.t0)
        var outcomes: [RowOutcome] = []
        for (position, row) in claimed.enumerated() {
            let sentAt = Self.t0 + Double(position) / 100
            let latency = 80 + Double(position % 7) * 45
            let (resolution, status, outcome) = Self.resolution(index: row.id - 1, otherCodes: otherCodes)
            outcomes.append(RowOutcome(
                rowId: row.id, resolution: resolution, counts: RequestCounts(requests: 1, attempts: 1), httpStatus: status, latencyMs: latency, sentAt: sentAt,
                finishedAt: sentAt + latency / 1000,
                attempt: AttemptRecord(attempt: 1, scheduledAt: sentAt, startedAt: sentAt, durationMs: latency,
                                       httpStatus: status, code: nil, outcome: outcome, retryAfter: nil)))
            if outcomes.count == 10_000 {
                try store.record(outcomes)
                outcomes.removeAll(keepingCapacity: true)
            }
        }
        try store.record(outcomes)
        let run = try store.startRun(at: Self.t0)
        try store.endRun(run, at: Self.t0 + Double(rows) / 100 + 1, exitStatus: 1, requests: claimed.count)
    }

    private static func resolution(index: Int, otherCodes: Int) -> (RowResolution, Int, AttemptOutcome) {
        if index % 20 == 1 { return (.failed(code: "8015", message: "Customer not found for the given identifiers"), 400, .permanent) }
        if index % 20 == 2 { return (.gaveUp(code: nil, message: "HTTP 503: Service temporarily unavailable"), 503, .transient) }
        if index % 20 == 3 {
            let rule = index / 20 % otherCodes
            return (.failed(code: String(8040 + rule), message: "Rule \(rule) refused the change"), 400, .permanent)
        }
        return (.succeeded(createdId: String(index), warnings: nil), 200, .success)
    }

    var context: ReportWriter.Context {
        ReportWriter.Context(jobDirectory: dir.url.path, exitStatus: .rowsFailed, stopReason: nil)
    }
}
