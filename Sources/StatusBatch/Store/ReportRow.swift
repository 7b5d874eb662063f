/// One row as the per-row reports show it, read in place: its text is SQLite's own bytes (or a pinned
/// `StoredRow`'s), valid only inside the call that hands the row out — never keep a row, or run another
/// query of the store, while using it. Making Strings of every column of a million rows, and releasing
/// them, was a third of a report.
struct ReportRow {
    /// UTF-8 bytes of a text column; nil stands for NULL.
    typealias Text = UnsafeBufferPointer<UInt8>

    /// The record as the input had it, for rows that need attention (failed.csv repeats them).
    struct Record {
        let update: CustomerUpdate
        let raw: String
    }

    var id: Int
    var line: Int
    var state: RowState
    var identifierName: Text
    var identifierValue: Text
    var label: Text
    var createdOn: Text?
    var rejectReason: Text?
    var supersededByLine: Int?
    var httpStatus: Int?
    var apiCode: Text?
    var apiMessage: Text?
    var createdId: Text?
    var warnings: Text?
    var unknownCount: Int
    var firstSentAt: Double?
    var finishedAt: Double?
    var latencyMs: Double?
    var timeouts: Int
    var requestId: Text?
    var requests: Int
    var confirmation: Confirmation?
    var verification: Verification?
    /// Whether the label before the update was read (`--record-previous`), and that label (nil for none).
    var previousRecorded: Bool
    var previousLabel: Text?
    var reads: Int
    var uncertainCount: Int
    /// Only for rows in `RowState.needsAttention`; nil for the others.
    var record: Record?

    /// Found in flight after a crash and sent again without a read-back settling it (a possible duplicate).
    var resentAfterUnknown: Bool { unknownCount > 0 && confirmation == .resent }

    /// A text column as a String that outlives the row (empty for NULL).
    static func string(_ text: Text?) -> String { text.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// Calls `body` with `stored` as a report row (its text copied into one buffer for the call), with its
    /// record whether or not it needs attention.
    static func withRow<T>(_ stored: StoredRow, _ body: (ReportRow) throws -> T) rethrows -> T {
        let u = stored.update
        let texts: [String?] = [u.identifierName, u.identifierValue, u.label, u.createdOn, stored.rejectReason,
                                stored.apiCode, stored.apiMessage, stored.createdId, stored.warnings,
                                stored.requestId, stored.previous?.label]
        var bytes: [UInt8] = []
        var ranges: [Range<Int>?] = []
        for text in texts {
            guard let text else { ranges.append(nil); continue }
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            ranges.append(start..<bytes.count)
        }
        return try bytes.withUnsafeBufferPointer { base in
            func text(_ index: Int) -> Text? {
                ranges[index].map { range in Text(start: base.baseAddress.map { $0 + range.lowerBound }, count: range.count) }
            }
            let empty = Text(start: nil, count: 0)
            let row = ReportRow(
                id: stored.id, line: stored.line, state: stored.state, identifierName: text(0) ?? empty,
                identifierValue: text(1) ?? empty, label: text(2) ?? empty, createdOn: text(3), rejectReason: text(4),
                supersededByLine: stored.supersededByLine, httpStatus: stored.httpStatus, apiCode: text(5),
                apiMessage: text(6), createdId: text(7), warnings: text(8), unknownCount: stored.unknownCount,
                firstSentAt: stored.firstSentAt, finishedAt: stored.finishedAt, latencyMs: stored.latencyMs,
                timeouts: stored.timeouts, requestId: text(9), requests: stored.requests,
                confirmation: stored.confirmation, verification: stored.verification,
                previousRecorded: stored.previous != nil, previousLabel: text(10), reads: stored.reads,
                uncertainCount: stored.uncertainCount, record: Record(update: stored.update, raw: stored.raw))
            return try body(row)
        }
    }
}
