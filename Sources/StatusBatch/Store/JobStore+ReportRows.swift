/// Reading rows for the per-row reports, in place.
extension JobStore {
    /// Calls `body` for each row whose id is in `ids` (every row when nil), in input order, as the reports show
    /// it: text in place, without the sending state, and with the record's own text only for rows that need
    /// attention (failed.csv repeats those records; decoding it for every row was a tenth of a report).
    func forEachReportRow(ids: ClosedRange<Int>? = nil, _ body: (ReportRow) throws -> Void) throws {
        let ids = ids ?? Int.min...Int.max
        let timeouts = try timeoutCounts(ids: ids)
        let statement = try database.prepare("""
            SELECT id, line, state, identifier_name, identifier_value, label, created_on, reject_reason,
                   superseded_by_line, http_status, api_code, api_message, created_id, warnings, unknown_count,
                   first_sent_at, finished_at, latency_ms, request_id, \(Self.requestsColumn),
                   confirmation, verification, previous_label, previous_read_at, reads, uncertain_count
            FROM rows WHERE id BETWEEN ? AND ? ORDER BY id
            """)
        let ownText = try database.prepare("SELECT reason, source, account_id, raw FROM rows WHERE id = ?")
        let attention = Set(RowState.needsAttention)
        let empty = ReportRow.Text(start: nil, count: 0)
        try statement.bind(.int(ids.lowerBound), .int(ids.upperBound))
        defer { statement.reset() }
        while try statement.step() {
            let id = statement.int(0)
            let state = RowState(rawValue: statement.text(2) ?? "") ?? .pending
            let previousRecorded = !statement.isNull(23)
            var row = ReportRow(
                id: id, line: statement.int(1), state: state, identifierName: statement.bytes(3) ?? empty,
                identifierValue: statement.bytes(4) ?? empty, label: statement.bytes(5) ?? empty,
                createdOn: statement.bytes(6), rejectReason: statement.bytes(7),
                supersededByLine: statement.optionalInt(8), httpStatus: statement.optionalInt(9),
                apiCode: statement.bytes(10), apiMessage: statement.bytes(11), createdId: statement.bytes(12),
                warnings: statement.bytes(13), unknownCount: statement.int(14),
                firstSentAt: statement.optionalDouble(15), finishedAt: statement.optionalDouble(16),
                latencyMs: statement.optionalDouble(17), timeouts: timeouts[id] ?? 0, requestId: statement.bytes(18),
                requests: statement.int(19),
                confirmation: statement.text(20).flatMap(Confirmation.init(rawValue:)),
                verification: statement.text(21).flatMap(Verification.init(rawValue:)),
                previousRecorded: previousRecorded, previousLabel: previousRecorded ? statement.bytes(22) : nil,
                reads: statement.int(24), uncertainCount: statement.int(25), record: nil)
            if attention.contains(state) {
                try ownText.bind(.int(id))
                if try ownText.step() {
                    let update = CustomerUpdate(
                        identifierName: ReportRow.string(row.identifierName),
                        identifierValue: ReportRow.string(row.identifierValue),
                        label: ReportRow.string(row.label), reason: ownText.text(0) ?? "",
                        source: ownText.text(1) ?? "", accountId: ownText.text(2),
                        createdOn: row.createdOn.map(ReportRow.string))
                    row.record = ReportRow.Record(update: update, raw: ownText.text(3) ?? "")
                }
                ownText.reset()
            }
            try body(row)
        }
    }
}
