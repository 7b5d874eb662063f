/// Writes `results.csv`: one line per input record, in input order.
public enum ResultsCSVWriter {
    public static let columns = [
        "line", "identifierName", "identifierValue", "label", "outcome", "http_status", "code", "message",
        "created_id", "attempts", "resent_after_unknown", "superseded_by_line", "warnings", "first_sent_at",
        "finished_at", "latency_ms", "timeouts", "request_id", "confirmation", "verification", "previous_label", "reads",
        "created_on",
    ]

    /// The CSV fields of one row (the cells before they are made safe).
    public static func fields(_ row: StoredRow) -> [String] { DerivedFields.with(row, fields) }

    /// The CSV fields of one report row (the cells before they are made safe).
    static func fields(_ row: ReportRow, derived: DerivedFields) -> [String] {
        var sink = FieldTextSink()
        var unused: [UInt8] = []
        ResultFields.visit(row, derived: derived, into: &sink, out: &unused)
        return sink.fields
    }

    /// One row as a spreadsheet-safe CSV line.
    static func line(_ row: StoredRow) -> String {
        var bytes: [UInt8] = []
        DerivedFields.with(row) { append($0, derived: $1, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one row as a spreadsheet-safe CSV line (without the line break): the bytes of
    /// `fields(row)` joined, written field by field (no array of strings for every row of a job).
    static func append(_ row: ReportRow, derived: DerivedFields, to out: inout [UInt8]) {
        var sink = CSVFieldSink()
        ResultFields.visit(row, derived: derived, into: &sink, out: &out)
    }

    /// Streams every row of `store` into `path`.
    public static func write(store: JobStore, to path: String) throws {
        let file = try AtomicFileWriter(path: path)
        try file.writeLine(CSVLine.encode(columns))
        try DerivedFields.forEachRow(of: store) { row, derived in
            try file.writeLine { append(row, derived: derived, to: &$0) }
        }
        try file.commit()
    }
}

/// Writes fields as one spreadsheet-safe CSV line.
private struct CSVFieldSink: ResultFieldSink {
    private var first = true

    private mutating func separate(_ out: inout [UInt8]) {
        if first { first = false } else { out.append(0x2C) }
    }

    mutating func text(_ value: ReportRow.Text?, to out: inout [UInt8]) {
        separate(&out)
        if let value { CSVLine.appendField(bytes: value, neutralizing: true, to: &out) }
    }

    mutating func number(_ value: Int?, to out: inout [UInt8]) {
        separate(&out)
        if let value { UTF8Bytes.append(value, to: &out) }
    }

    mutating func count(_ value: Int, to out: inout [UInt8]) { number(value > 0 ? value : nil, to: &out) }

    mutating func flag(_ value: Bool, to out: inout [UInt8]) {
        separate(&out)
        if value { UTF8Bytes.append("yes" as StaticString, to: &out) }
    }

    mutating func json(_ value: ReportRow.Text?, absent: StaticString, to out: inout [UInt8]) { text(value, to: &out) }
}

/// Collects the fields as text, as results.csv's cells say them (an absent value is empty).
private struct FieldTextSink: ResultFieldSink {
    var fields: [String] = []

    mutating func text(_ value: ReportRow.Text?, to out: inout [UInt8]) {
        fields.append(ReportRow.string(value))
    }
    mutating func number(_ value: Int?, to out: inout [UInt8]) { fields.append(value.map(String.init) ?? "") }
    mutating func count(_ value: Int, to out: inout [UInt8]) { fields.append(value > 0 ? String(value) : "") }
    mutating func flag(_ value: Bool, to out: inout [UInt8]) { fields.append(value ? "yes" : "") }
    mutating func json(_ value: ReportRow.Text?, absent: StaticString, to out: inout [UInt8]) { text(value, to: &out) }
}
