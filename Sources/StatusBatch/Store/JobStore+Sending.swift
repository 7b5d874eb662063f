/// Claiming rows for sending and recovering rows a dead run left in flight.
extension JobStore {
    /// Marks up to `limit` rows due by `now` as `in_flight` and commits, in input order (retries by their due time).
    /// Each claim says what its request is (`step`): an uncertain row, or any row whose update is still uncertain
    /// (`uncertain_open`), is read back first when `confirmUncertain` (else sent again blindly), a verifying row
    /// is read back, and a row whose previous label is wanted (`recordPrevious`) and not yet read has it read first. Counts nothing: a row's counters change only
    /// when its answer is committed.
    /// Rows whose label or source `filter` holds back are left alone.
    public func claim(limit: Int, now: Double, confirmUncertain: Bool = true, recordPrevious: Bool = false,
                      filter: ClaimFilter = .none) throws -> [ClaimedRow] {
        let (held, heldValues) = Self.sql(filter)
        return try database.transaction {
            let statement = try database.prepare("""
                UPDATE rows SET state = '\(RowState.inFlight.rawValue)', first_claimed_at = COALESCE(first_claimed_at, ?),
                    step = CASE
                        WHEN state = '\(RowState.verifying.rawValue)' THEN '\(RowStep.verify.rawValue)'
                        WHEN state = '\(RowState.uncertain.rawValue)' OR uncertain_open = 1 THEN ?
                        WHEN ? AND previous_read_at IS NULL THEN '\(RowStep.previous.rawValue)'
                        ELSE '\(RowStep.send.rawValue)' END
                WHERE id IN (SELECT id FROM rows WHERE \(RowState.sqlCondition(RowState.sendable)) AND next_attempt_at <= ?
                             \(held) ORDER BY next_attempt_at, id LIMIT ?)
                RETURNING id, line, identifier_name, identifier_value, label, reason, source, account_id, created_on,
                          attempts, next_attempt_at, throttles, step, customer_id, first_claimed_at, uncertain_open,
                          api_code, api_message, read_failures
                """)
            let confirmStep = confirmUncertain ? RowStep.confirm : RowStep.send
            try statement.bind([.double(now), .text(confirmStep.rawValue), .int(recordPrevious ? 1 : 0), .double(now)]
                               + heldValues + [.int(limit)])
            defer { statement.reset() }
            var claimed: [(due: Double, row: ClaimedRow)] = []
            while try statement.step() {
                let update = CustomerUpdate(
                    identifierName: statement.text(2) ?? "", identifierValue: statement.text(3) ?? "",
                    label: statement.text(4) ?? "", reason: statement.text(5) ?? "", source: statement.text(6) ?? "",
                    accountId: statement.text(7), createdOn: statement.text(8))
                var row = ClaimedRow(id: statement.int(0), line: statement.int(1), update: update,
                                     attempts: statement.int(9), throttles: statement.int(11),
                                     step: RowStep(rawValue: statement.text(12) ?? "") ?? .send,
                                     customerId: statement.text(13), firstClaimedAt: statement.optionalDouble(14),
                                     uncertainOpen: statement.int(15) != 0)
                row.lastCode = statement.text(16)
                row.lastMessage = statement.text(17)
                row.readFailures = statement.int(18)
                claimed.append((statement.double(10), row))
            }
            return claimed.sorted { ($0.due, $0.row.id) < ($1.due, $1.row.id) }.map(\.row)
        }
    }

    /// The earliest time a sendable row that `filter` admits may be sent, or nil when none is left.
    public func nextSendableTime(filter: ClaimFilter = .none) throws -> Double? {
        let (held, heldValues) = Self.sql(filter)
        let statement = try database.prepare(
            "SELECT MIN(next_attempt_at) FROM rows WHERE \(RowState.sqlCondition(RowState.sendable)) \(held)")
        try statement.bind(heldValues)
        defer { statement.reset() }
        return try statement.step() ? statement.optionalDouble(0) : nil
    }

    /// `AND label NOT IN (?, ...) AND source NOT IN (?, ...)` for what `filter` holds back, and its values.
    private static func sql(_ filter: ClaimFilter) -> (String, [SQLiteValue]) {
        let (tests, values) = heldTests(filter, negated: true)
        return (tests.map { " AND " + $0 }.joined(), values)
    }

    /// One test per column `filter` names (`label IN (?, ...)`, or `NOT IN` when `negated`), and their values.
    static func heldTests(_ filter: ClaimFilter, negated: Bool) -> ([String], [SQLiteValue]) {
        var tests: [String] = []
        var values: [SQLiteValue] = []
        for (column, held) in [("label", filter.labels.sorted()), ("source", filter.sources.sorted())] where !held.isEmpty {
            tests.append("\(column) \(negated ? "NOT IN" : "IN") (" + Array(repeating: "?", count: held.count).joined(separator: ", ") + ")")
            values += held.map { .text($0) }
        }
        return (tests, values)
    }

    /// Rows left `in_flight` by a process that died. A read-back in flight changed nothing: the row waits for it
    /// again. An update in flight may have been sent, so it counts one request and one attempt, and the row
    /// becomes `uncertain` (read back before any resend) when `readBack`, else `pending` (a flagged resend) or,
    /// with `resend` false, `unknown`. An uncertain row is read no sooner than `readAt` (the API may still be
    /// applying a request the dead run sent a moment ago). Returns how many updates were in flight.
    public func recoverInFlight(resend: Bool, readBack: Bool = false, readAt: Double = 0) throws -> Int {
        try database.transaction {
            let reads = try database.prepare("""
                UPDATE rows SET state = ?, reads = reads + 1 WHERE state = '\(RowState.inFlight.rawValue)' AND step = ?
                """)
            for step in RowStep.allCases where step.isRead {
                try reads.bind(.text(step.waitingState.rawValue), .text(step.rawValue)).run()
            }
            let target = !resend ? RowState.unknown : readBack ? RowState.uncertain : RowState.pending
            // An unknown row's message is its own ("may have been sent"), not an older answer's.
            try database.prepare("""
                UPDATE rows SET state = ?, unknown_count = unknown_count + 1, requests = requests + 1,
                    attempts = attempts + 1, uncertain_count = uncertain_count + 1, uncertain_open = 1,
                    api_code = CASE WHEN ? THEN NULL ELSE api_code END,
                    api_message = CASE WHEN ? THEN NULL ELSE api_message END, next_attempt_at = MAX(next_attempt_at, ?)
                WHERE state = '\(RowState.inFlight.rawValue)'
                """)
                .bind(.text(target.rawValue), .int(resend ? 0 : 1), .int(resend ? 0 : 1),
                      .double(target == .uncertain ? readAt : 0)).run()
            return database.changes
        }
    }
}
