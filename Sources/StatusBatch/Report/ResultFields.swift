/// The fields of one results record, in the order of `ResultsCSVWriter.columns`, handed to a format's
/// writer by kind, which appends them to `out`: both results files list the same fields in the same
/// order, so the list is here once.
protocol ResultFieldSink {
    /// Text, or nothing.
    mutating func text(_ value: String?, to out: inout [UInt8])
    /// A number, or nothing.
    mutating func number(_ value: Int?, to out: inout [UInt8])
    /// A count that is often zero (CSV leaves a zero out).
    mutating func count(_ value: Int, to out: inout [UInt8])
    /// Yes or no (CSV writes `yes` or nothing).
    mutating func flag(_ value: Bool, to out: inout [UInt8])
    /// A value already written as JSON (an array, a number), or nothing: `absent` stands for it in JSON.
    mutating func json(_ value: String?, absent: String, to out: inout [UInt8])
}

enum ResultFields {
    /// Hands every field of `row` to `sink`, in column order.
    @inline(__always)
    static func visit<Sink: ResultFieldSink>(_ row: StoredRow, times: RowTimes, into sink: inout Sink, out: inout [UInt8]) {
        sink.number(row.line, to: &out)
        sink.text(row.update.identifierName, to: &out)
        sink.text(row.update.identifierValue, to: &out)
        sink.text(row.update.label, to: &out)
        sink.text(RowOutcomeName.of(row.state), to: &out)
        sink.number(row.httpStatus, to: &out)
        sink.text(row.apiCode, to: &out)
        sink.text(RowOutcomeName.message(row), to: &out)
        sink.text(row.createdId, to: &out)
        sink.number(row.requests, to: &out)  // attempts
        sink.flag(row.resentAfterUnknown, to: &out)
        sink.number(row.supersededByLine, to: &out)
        sink.json(row.warnings, absent: "[]", to: &out)
        sink.text(times.firstSent, to: &out)
        sink.text(times.finished, to: &out)
        sink.json(times.latency, absent: "null", to: &out)
        sink.count(row.timeouts, to: &out)
        sink.text(row.requestId, to: &out)
        sink.text(row.confirmation?.rawValue, to: &out)
        sink.text(row.verification?.rawValue, to: &out)
        sink.text(row.previous?.label, to: &out)
        sink.count(row.reads, to: &out)
        sink.text(row.update.createdOn, to: &out)
    }
}
