import Foundation
@testable import StatusBatch

/// A small job, built through InputReader and JobStore, with one row in every outcome:
///
/// | id | line | state      |                                        |
/// |----|------|------------|----------------------------------------|
/// | 1  | 2    | superseded | by line 7                              |
/// | 2  | 3-4  | failed     | 8015, a quoted reason with a line break |
/// | 3  | 5    | gave_up    | HTTP 503                               |
/// | 4  | 6    | rejected   | no identifier                          |
/// | 5  | 7    | succeeded  | createdId and a warning                |
/// | 6  | 8    | unknown    | in flight when "the process died"      |
/// | 7  | 9    | pending    | released                               |
/// | 8  | 10   | uncertain  | timed out: read back on the next run    |
struct ReportFixture {
    /// The first seven rows (the golden job builds on them too).
    static let baseInput = """
        mobile,label,reason
        919800000001,VIP,upgrade
        919800000002,VIP,"needs, comma
        and ""quotes\"""
        919800000003,VIP,upgrade
        ,VIP,upgrade
        919800000001,GOLD,later
        919800000004,VIP,upgrade
        919800000005,VIP,upgrade

        """
    static let input = baseInput + "919800000006,VIP,upgrade\n"
    /// 2023-11-14T22:13:20.000Z
    static let t0 = 1_700_000_000.0

    let dir: TempDir
    let store: JobStore
    let inputPath: String

    init() throws {
        dir = try TempDir()
        inputPath = try dir.write("input.csv", Self.input)
        store = try JobStore(path: dir.path("job.sqlite"))
        let reader = try InputReader(path: inputPath, defaults: InputDefaults())
        try store.insert(try readAll(reader), firstId: 1)
        _ = try store.supersedeDuplicates()
        let fingerprint = try ByteSource.sizeAndDigest(path: inputPath)
        try store.setMeta([
            JobMetaKey.inputPath: inputPath, JobMetaKey.inputSize: String(fingerprint.size),
            JobMetaKey.inputSHA256: fingerprint.sha256, JobMetaKey.inputFormat: "csv",
            JobMetaKey.header: String(decoding: try JSONEncoder().encode(reader.header), as: UTF8.self),
            JobMetaKey.option("target"): "simulator", JobMetaKey.ingestComplete: "1",
        ])
        let t0 = Self.t0
        _ = try store.claim(limit: 10, now: t0)
        try store.record([
            RowOutcome(rowId: 2, resolution: .failed(code: "8015", message: "Customer not found"), counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 400,
                       latencyMs: 250, sentAt: t0, finishedAt: t0 + 0.25),
            RowOutcome(rowId: 3, resolution: .gaveUp(code: nil, message: "HTTP 503: empty body"), counts: RequestCounts(requests: 1, attempts: 1), httpStatus: 503,
                       latencyMs: 500, sentAt: t0 + 1, finishedAt: t0 + 1.5),
            RowOutcome(rowId: 5, resolution: .succeeded(createdId: "566881933",
                                                        warnings: #"[{"code":"W1","message":"label unchanged"}]"#), counts: RequestCounts(requests: 1, attempts: 1),
                       httpStatus: 200, latencyMs: 250, sentAt: t0 + 2, finishedAt: t0 + 2.25),
            RowOutcome(rowId: 7, resolution: .released(), finishedAt: t0 + 3),
            RowOutcome(rowId: 8, resolution: .uncertain(at: t0 + 5, code: nil, message: "timeout: read timed out"),
                       counts: RequestCounts(requests: 1, attempts: 1), sentAt: t0 + 2.5, finishedAt: t0 + 3.5),
        ])
        _ = try store.recoverInFlight(resend: false)
        try store.setMeta([JobMetaKey.configuredRate: "10/s", JobMetaKey.unknownPolicy: "skip"])
    }

    var context: ReportWriter.Context {
        ReportWriter.Context(jobDirectory: dir.url.path, exitStatus: .rowsFailed, stopReason: nil)
    }

    /// The lines of a written file (without the final empty one).
    func lines(_ name: String) throws -> [String] {
        var lines = try dir.read(name).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    func updates(states: Set<RowState>) throws -> [CustomerUpdate] {
        var updates: [CustomerUpdate] = []
        try store.forEachRow(states: states) { updates.append($0.update) }
        return updates
    }
}
