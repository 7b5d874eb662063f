import Foundation
import Testing
@testable import StatusBatch

/// The constants a run held back for a systematic mistake, kept in the job, and the rows still waiting for each;
/// the per-window quota a run learnt.
@Suite("JobStore: held rows, learnt limit")
struct JobStoreHeldTests {
    @Test("held constants round-trip through the job; an empty list clears them")
    func heldRoundTrip() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            #expect(try store.held().isEmpty)
            let held = [HeldConstant(scope: .label, value: "Diamond", reason: "label 'Diamond' is not a label of this org"),
                        HeldConstant(scope: .source, value: "WECHAT", reason: "source 'WECHAT' is refused")]
            try store.setHeld(held)
            #expect(try store.held() == held)
            try store.setHeld([])
            #expect(try store.held().isEmpty)
        }
    }

    @Test("a learnt limit (window or bucket) round-trips through the job as JSON with its shape; nil forgets it")
    func learntLimitRoundTrip() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            #expect(try store.learntLimit() == nil)
            let window = LearnedLimit.window(LearnedQuota(quota: 300, window: 59.5))
            try store.setLearntLimit(window)
            #expect(try store.learntLimit() == window)
            #expect(try store.meta(JobMetaKey.learntLimit)?.contains(#""shape":"window""#) == true)
            let bucket = LearnedLimit.bucket(LearnedBucket(rate: 20.01, burst: 5.9, uncertainty: 0.005, refusals: 6))
            try store.setLearntLimit(bucket)
            #expect(try store.learntLimit() == bucket)
            try store.setLearntLimit(nil)
            #expect(try store.learntLimit() == nil)
        }
    }

    @Test("rows still to send per held label, per held source, and every row; finished rows do not count")
    func unfinishedRowsPerConstant() throws {
        try withTempDir { dir in
            let store = try JobStore(path: dir.path("job.sqlite"))
            var updates = (1...6).map { mobileUpdate("91980000000\($0)", label: $0 <= 3 ? "Diamond" : "Gold") }
            updates[5].source = "WECHAT"
            try store.insert(updates.enumerated().map { ingested(line: $0.offset + 2, $0.element) }, firstId: 1)
            // Row 1 (Diamond) finishes; rows 2 and 3 (Diamond) and 4 to 6 stay to send.
            let claimed = try store.claim(limit: 1, now: 0)
            try store.record([RowOutcome(rowId: claimed[0].id, resolution: .failed(code: "8086", message: "Invalid label"),
                                         counts: RequestCounts(requests: 1, attempts: 1), finishedAt: 1)], pauses: [])
            #expect(try store.unfinishedRowCount(heldBy: HeldConstant(scope: .label, value: "Diamond", reason: "").rowsHeld) == 2)
            #expect(try store.unfinishedRowCount(heldBy: HeldConstant(scope: .source, value: "WECHAT", reason: "").rowsHeld) == 1)
            #expect(try store.unfinishedRowCount(heldBy: HeldConstant(scope: .everyRow, value: "", reason: "").rowsHeld) == 5)
            #expect(try store.unfinishedRowCount(heldBy: ClaimFilter(labels: ["Diamond"], sources: ["WECHAT"])) == 3)
        }
    }
}
