/// The fields of one results record, in the order of `ResultsCSVWriter.columns`, handed to a format's
/// writer by kind, which appends them to `out`: both results files list the same fields in the same
/// order, so the list is here once. Text comes as UTF-8 bytes (nil for none).
protocol ResultFieldSink {
    /// Text, or nothing.
    mutating func text(_ value: ReportRow.Text?, to out: inout [UInt8])
    /// A number, or nothing.
    mutating func number(_ value: Int?, to out: inout [UInt8])
    /// A count that is often zero (CSV leaves a zero out).
    mutating func count(_ value: Int, to out: inout [UInt8])
    /// Yes or no (CSV writes `yes` or nothing).
    mutating func flag(_ value: Bool, to out: inout [UInt8])
    /// A value already written as JSON (an array, a number), or nothing: `absent` stands for it in JSON.
    mutating func json(_ value: ReportRow.Text?, absent: StaticString, to out: inout [UInt8])
}

enum ResultFields {
    /// Hands every field of `row` to `sink`, in column order.
    @inline(__always)
    static func visit<Sink: ResultFieldSink>(_ row: ReportRow, derived: DerivedFields, into sink: inout Sink,
                                             out: inout [UInt8]) {
        sink.number(row.line, to: &out)
        sink.text(row.identifierName, to: &out)
        sink.text(row.identifierValue, to: &out)
        sink.text(row.label, to: &out)
        sink.text(derived.outcome, to: &out)
        sink.number(row.httpStatus, to: &out)
        sink.text(row.apiCode, to: &out)
        sink.text(derived.message, to: &out)
        sink.text(row.createdId, to: &out)
        sink.number(row.requests, to: &out)  // attempts
        sink.flag(row.resentAfterUnknown, to: &out)
        sink.number(row.supersededByLine, to: &out)
        sink.json(row.warnings, absent: "[]", to: &out)
        sink.text(derived.firstSent, to: &out)
        sink.text(derived.finished, to: &out)
        sink.json(derived.latency, absent: "null", to: &out)
        sink.count(row.timeouts, to: &out)
        sink.text(row.requestId, to: &out)
        sink.text(derived.confirmation, to: &out)
        sink.text(derived.verification, to: &out)
        sink.text(row.previousLabel, to: &out)
        sink.count(row.reads, to: &out)
        sink.text(row.createdOn, to: &out)
    }
}

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
