/// What the results files show that is derived from a row rather than stored as it is shown: the outcome,
/// the message, the times as text. Formatted once per row for both files, into a buffer reused from row
/// to row (formatting times was a tenth of a report; making Strings of them another part).
struct DerivedFields {
    let outcome: ReportRow.Text
    let message: ReportRow.Text
    let firstSent: ReportRow.Text?
    let finished: ReportRow.Text?
    let latency: ReportRow.Text?
    let confirmation: ReportRow.Text?
    let verification: ReportRow.Text?

    /// Calls `body` with the derived fields of `row`, formatted into `scratch` (its old content is dropped).
    static func with<T>(_ row: ReportRow, scratch: inout [UInt8], _ body: (DerivedFields) throws -> T) rethrows -> T {
        scratch.removeAll(keepingCapacity: true)
        func mark(_ write: (inout [UInt8]) -> Void) -> Range<Int> {
            let start = scratch.count
            write(&scratch)
            return start..<scratch.count
        }
        let message = mark { RowOutcomeName.appendMessage(row, to: &$0) }
        let firstSent = row.firstSentAt.map { time in mark { Timestamp.appendISO(time, to: &$0) } }
        let finished = row.finishedAt.map { time in mark { Timestamp.appendISO(time, to: &$0) } }
        let latency = row.latencyMs.map { value in mark { Timestamp.appendMilliseconds(value, to: &$0) } }
        let confirmation = row.confirmation.map { value in mark { UTF8Bytes.append(value.rawValue, to: &$0) } }
        let verification = row.verification.map { value in mark { UTF8Bytes.append(value.rawValue, to: &$0) } }
        return try scratch.withUnsafeBufferPointer { base in
            func text(_ range: Range<Int>) -> ReportRow.Text {
                ReportRow.Text(start: base.baseAddress.map { $0 + range.lowerBound }, count: range.count)
            }
            let outcome = RowOutcomeName.staticName(row.state)
            return try body(DerivedFields(
                outcome: ReportRow.Text(start: outcome.utf8Start, count: outcome.utf8CodeUnitCount),
                message: text(message), firstSent: firstSent.map(text), finished: finished.map(text),
                latency: latency.map(text), confirmation: confirmation.map(text), verification: verification.map(text)))
        }
    }
}

extension DerivedFields {
    /// Calls `body` with each row of `store` whose id is in `ids` (every row when nil), as `forEachReportRow`
    /// hands them out, and its derived fields.
    static func forEachRow(of store: JobStore, ids: ClosedRange<Int>? = nil,
                           _ body: (ReportRow, DerivedFields) throws -> Void) throws {
        var scratch: [UInt8] = []
        try store.forEachReportRow(ids: ids) { row in try with(row, scratch: &scratch) { try body(row, $0) } }
    }

    /// Calls `body` with `stored` as a report row, and its derived fields.
    static func with<T>(_ stored: StoredRow, _ body: (ReportRow, DerivedFields) throws -> T) rethrows -> T {
        var scratch: [UInt8] = []
        return try ReportRow.withRow(stored) { row in try with(row, scratch: &scratch) { try body(row, $0) } }
    }
}
