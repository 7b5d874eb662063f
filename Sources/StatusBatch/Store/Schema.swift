/// The job database schema and its migrations, applied in order by `PRAGMA user_version`.
enum Schema {
    /// Each entry migrates from version `index` to `index + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE rows(
            id INTEGER PRIMARY KEY,
            line INTEGER NOT NULL,
            state TEXT NOT NULL,
            customer_key TEXT,
            identifier_name TEXT NOT NULL,
            identifier_value TEXT NOT NULL,
            label TEXT NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL,
            account_id TEXT,
            created_on TEXT,
            raw TEXT NOT NULL,
            reject_reason TEXT,
            superseded_by_line INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            http_status INTEGER,
            api_code TEXT,
            api_message TEXT,
            created_id TEXT,
            warnings TEXT,
            unknown_count INTEGER NOT NULL DEFAULT 0,
            first_sent_at REAL,
            last_sent_at REAL,
            finished_at REAL,
            latency_ms REAL
        );
        CREATE INDEX rows_sendable ON rows(next_attempt_at, id) WHERE state IN \(RowState.sqlList(RowState.sendable));
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            ended_at REAL,
            exit_status INTEGER,
            requests INTEGER NOT NULL DEFAULT 0
        );
        """,
        """
        ALTER TABLE rows ADD COLUMN throttles INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE attempts(
            id INTEGER PRIMARY KEY,
            row_id INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            scheduled_at REAL,
            started_at REAL NOT NULL,
            duration_ms REAL,
            http_status INTEGER,
            code TEXT,
            outcome TEXT NOT NULL,
            retry_after REAL
        );
        CREATE INDEX attempts_started ON attempts(started_at);
        CREATE TABLE pauses(
            id INTEGER PRIMARY KEY,
            cause TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL
        );
        """,
        """
        CREATE INDEX attempts_row ON attempts(row_id);
        """,
        """
        ALTER TABLE rows ADD COLUMN request_id TEXT;
        """,
        // `attempts` is the --max-attempts budget (throttled and outage retries give theirs back);
        // `requests` counts every request sent for the row, for the reports.
        """
        ALTER TABLE rows ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
        UPDATE rows SET requests = attempts + throttles;
        """,
        // Rows in flight are few; finding them on resume must not scan a million rows. The attempt history
        // is read in start order for the rate audit and charts: a covering index saves a table seek per request.
        """
        CREATE INDEX rows_in_flight ON rows(id) WHERE state = '\(RowState.inFlight.rawValue)';
        DROP INDEX attempts_started;
        CREATE INDEX attempts_started ON attempts(started_at, scheduled_at, http_status, duration_ms, outcome);
        """,
        // Counters are now added when an answer is committed, not at claim: rows a version-6 run left in
        // flight had theirs counted already, and recovery counts them again.
        """
        UPDATE rows SET attempts = MAX(attempts - 1, 0), requests = MAX(requests - 1, 0)
        WHERE state = '\(RowState.inFlight.rawValue)';
        """,
        // Read-back (issue 12): what a row's request in flight is (`step`), what the reads found, how its effect is
        // known. Uncertain and verifying rows are claimed like pending ones, so the sendable index covers them.
        // A row a version-7 run left in flight was claimed after its run started (the read-back's time bound);
        // a row it recovered for a resend that has not happened yet is read back first.
        """
        ALTER TABLE rows ADD COLUMN step TEXT NOT NULL DEFAULT '\(RowStep.send.rawValue)';
        ALTER TABLE rows ADD COLUMN customer_id TEXT;
        ALTER TABLE rows ADD COLUMN first_claimed_at REAL;
        ALTER TABLE rows ADD COLUMN previous_label TEXT;
        ALTER TABLE rows ADD COLUMN previous_read_at REAL;
        ALTER TABLE rows ADD COLUMN confirmation TEXT;
        ALTER TABLE rows ADD COLUMN verification TEXT;
        ALTER TABLE rows ADD COLUMN reads INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rows ADD COLUMN uncertain_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rows ADD COLUMN uncertain_open INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE rows ADD COLUMN read_failures INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE attempts ADD COLUMN call TEXT NOT NULL DEFAULT '\(RequestCall.update.rawValue)';
        UPDATE rows SET first_claimed_at = COALESCE(first_sent_at, (SELECT MAX(started_at) FROM runs))
        WHERE first_sent_at IS NOT NULL OR unknown_count > 0 OR state = '\(RowState.inFlight.rawValue)';
        UPDATE rows SET uncertain_open = 1, uncertain_count = 1
        WHERE unknown_count > 0 AND state IN ('\(RowState.pending.rawValue)', '\(RowState.waiting.rawValue)');
        UPDATE rows SET confirmation = CASE WHEN unknown_count > 0 THEN '\(Confirmation.resent.rawValue)'
            ELSE '\(Confirmation.answer.rawValue)' END WHERE state = '\(RowState.succeeded.rawValue)';
        DROP INDEX IF EXISTS rows_sendable;
        CREATE INDEX rows_sendable ON rows(next_attempt_at, id) WHERE state IN \(RowState.sqlList(RowState.sendable));
        """,
        // Timed-out updates are counted per row by every report: without an index that was a scan of the
        // whole history (half a second a million requests, twice a report). The sendable index's condition
        // is written with ORs (see `RowState.sqlCondition`), as the claim queries now write it.
        """
        CREATE INDEX attempts_timed_out ON attempts(row_id)
        WHERE outcome = '\(AttemptOutcome.timeout.rawValue)' AND call = '\(RequestCall.update.rawValue)';
        DROP INDEX IF EXISTS rows_sendable;
        CREATE INDEX rows_sendable ON rows(next_attempt_at, id) WHERE \(RowState.sqlCondition(RowState.sendable));
        """,
    ]

    static var currentVersion: Int { migrations.count }

    /// The database's schema version; throws when it is newer than this StatusBatch understands.
    @discardableResult
    static func checkReadable(_ database: SQLiteDatabase) throws -> Int {
        let version = try database.scalarInt("PRAGMA user_version") ?? 0
        if version > currentVersion {
            throw StatusBatchError.usage(
                "the job database has schema version \(version), newer than this StatusBatch understands (\(currentVersion)); use a newer statusbatch, or start a separate job with --workdir")
        }
        return version
    }

    /// Brings `database` to the current version; refuses a database from a newer StatusBatch.
    static func migrate(_ database: SQLiteDatabase) throws {
        let version = try checkReadable(database)
        for next in version..<currentVersion {
            try database.transaction {
                try database.execute(migrations[next])
                try database.execute("PRAGMA user_version = \(next + 1)")
            }
        }
    }
}
