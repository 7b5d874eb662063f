/// Writing the input into the rows table.
extension JobStore {
    /// Inserts records in one transaction; `firstId` is the ordinal of the first (input order).
    public func insert(_ records: [IngestedRecord], firstId: Int) throws {
        try database.transaction {
            let statement = try database.prepare("""
                INSERT INTO rows(id, line, state, customer_key, identifier_name, identifier_value, label, reason, source,
                                 account_id, created_on, raw, reject_reason)
                VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (offset, record) in records.enumerated() {
                let update = record.update
                let valid = record.rejection == nil
                try statement.run(binding: [
                    .int(firstId + offset), .int(record.line),
                    .text(valid ? RowState.pending.rawValue : RowState.rejected.rawValue),
                    .optional(record.customerKey),
                    .text(update.identifierName), .text(update.identifierValue), .text(update.label),
                    .text(update.reason), .text(update.source), .optional(update.accountId), .optional(update.createdOn),
                    .text(record.raw), .optional(record.rejection),
                ])
            }
        }
    }

    /// Prepares for a bulk load: drops the index of sendable rows (building it once afterwards is cheaper
    /// than maintaining it row by row) and syncs only at WAL checkpoints. Safe because an ingest that did
    /// not finish is started over; `endBulkLoad`, whose commit syncs the whole WAL, must follow.
    public func beginBulkLoad() throws {
        try database.execute("DROP INDEX IF EXISTS rows_sendable; PRAGMA synchronous = NORMAL;")
    }

    /// Recreates the index that `beginBulkLoad` dropped and restores the configured durability.
    public func endBulkLoad() throws {
        try database.execute("""
            PRAGMA synchronous = \(durability.synchronous);
            CREATE INDEX IF NOT EXISTS rows_sendable ON rows(next_attempt_at, id) WHERE \(RowState.sqlCondition(RowState.sendable));
            """)
    }

    /// Marks every valid row that a later valid row for the same customer overrides as `superseded`,
    /// remembering the line that wins. Only the customer keys in `candidates` can repeat (nil: any key can).
    /// Returns how many rows were superseded.
    public func supersedeDuplicates(among candidates: [String]? = nil) throws -> Int {
        if candidates?.isEmpty == true { return 0 }
        return try database.transaction {
            var keys = "customer_key IS NOT NULL"
            if let candidates {
                try database.execute("CREATE TEMP TABLE candidate_keys(key TEXT PRIMARY KEY)")
                let insert = try database.prepare("INSERT OR IGNORE INTO candidate_keys(key) VALUES(?)")
                for key in candidates { try insert.bind(.text(key)).run() }
                keys = "customer_key IN (SELECT key FROM candidate_keys)"
            }
            try database.execute("""
                CREATE TEMP TABLE last_per_customer(customer_key TEXT PRIMARY KEY, winner INTEGER NOT NULL);
                INSERT INTO last_per_customer
                    SELECT customer_key, MAX(id) FROM rows WHERE \(keys) GROUP BY customer_key HAVING COUNT(*) > 1;
                UPDATE rows SET state = '\(RowState.superseded.rawValue)',
                    superseded_by_line = (SELECT w.line FROM last_per_customer l JOIN rows w ON w.id = l.winner
                                          WHERE l.customer_key = rows.customer_key)
                WHERE customer_key IN (SELECT customer_key FROM last_per_customer)
                  AND id NOT IN (SELECT winner FROM last_per_customer);
                """)
            let changed = database.changes
            try database.execute("DROP TABLE last_per_customer; DROP TABLE IF EXISTS candidate_keys")
            return changed
        }
    }

    /// The number of rows stored.
    /// Ids are the input ordinals 1...n, so the largest is the count, found without a scan.
    public func rowCount() throws -> Int { try database.scalarInt("SELECT COALESCE(MAX(id), 0) FROM rows") ?? 0 }
}
