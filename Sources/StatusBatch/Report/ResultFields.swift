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

/// The order and kinds of the results record's fields, for every format's sink.
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
