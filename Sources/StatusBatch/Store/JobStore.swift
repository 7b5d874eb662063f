import Foundation

/// The job database: rows and their states, job metadata, runs. The only type that knows SQL.
/// Used by one thread at a time.
public final class JobStore {
    let database: SQLiteDatabase
    public let path: String
    /// Databases up to this size get a structural check (`PRAGMA quick_check`) when opened.
    public static let quickCheckLimit = 64 << 20

    /// What a commit survives, as configured when the store was opened.
    let durability: Durability

    /// Opens or creates the job database at `path`: WAL, and `synchronous` FULL by default so that a
    /// committed claim survives power loss (NORMAL survives a process crash only). An existing
    /// database must pass `PRAGMA quick_check`.
    public init(path: String, durability: Durability = .powerLoss, readOnly: Bool = false) throws {
        self.path = path
        self.durability = durability
        do {
            let existed = FileManager.default.fileExists(atPath: path)
            database = try SQLiteDatabase(path: path, readOnly: readOnly)
            // A full structural check reads the whole file: done up to `quickCheckLimit` bytes (a fraction of a
            // second). A larger job is checked as its pages are read; damage gives the same message then.
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if existed && size <= Self.quickCheckLimit {
                let check = try database.prepare("PRAGMA quick_check(1)")
                defer { check.reset() }
                if try check.step(), let verdict = check.text(0), verdict != "ok" {
                    throw SQLiteError(code: 11, message: "quick_check: \(verdict)")
                }
            }
            if !readOnly {
                try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = \(durability.synchronous);")
                try Schema.migrate(database)
            } else {
                try Schema.checkReadable(database)
            }
        } catch let error as SQLiteError {
            throw StorageFault.describe(error, path: path)
        }
    }

    /// How much a commit survives.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=FULL`: a commit survives power loss.
        case powerLoss = "power-loss"
        /// `synchronous=NORMAL`: a commit survives a process crash, not power loss.
        case processCrash = "process-crash"

        var synchronous: String { self == .powerLoss ? "FULL" : "NORMAL" }
    }

    /// Runs `body`'s commits with `synchronous = NORMAL`, then goes back to the configured level.
    func withoutSync<T>(_ body: () throws -> T) throws -> T {
        guard durability == .powerLoss else { return try body() }
        try database.prepare("PRAGMA synchronous = NORMAL").run()
        let result = Result { try body() }
        try database.prepare("PRAGMA synchronous = \(durability.synchronous)").run()
        return try result.get()
    }

    // MARK: metadata

    /// A job metadata value, or nil.
    public func meta(_ key: String) throws -> String? {
        let statement = try database.prepare("SELECT value FROM meta WHERE key = ?")
        try statement.bind(.text(key))
        defer { statement.reset() }
        return try statement.step() ? statement.text(0) : nil
    }

    /// Sets job metadata values in one transaction.
    public func setMeta(_ values: [String: String]) throws {
        try database.transaction {
            let statement = try database.prepare("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                try statement.bind(.text(key), .text(value)).run()
            }
        }
    }

    /// Forgets every row and all metadata (used by --restart and by an ingest that did not finish).
    public func clearJob() throws {
        try database.transaction {
            try database.execute("DELETE FROM rows; DELETE FROM meta; DELETE FROM runs; DELETE FROM attempts; DELETE FROM pauses;")
        }
    }

    // MARK: runs

    /// Records the start of a run and returns its id.
    public func startRun(at time: Double) throws -> Int {
        try database.transaction {
            try database.prepare("INSERT INTO runs(started_at) VALUES(?)").bind(.double(time)).run()
            return try database.scalarInt("SELECT last_insert_rowid()") ?? 0
        }
    }

    /// Records the end of a run.
    public func endRun(_ id: Int, at time: Double, exitStatus: Int32, requests: Int) throws {
        try database.transaction {
            try database.prepare("UPDATE runs SET ended_at = ?, exit_status = ?, requests = ? WHERE id = ?")
                .bind(.double(time), .int(Int(exitStatus)), .int(requests), .int(id)).run()
        }
    }

    /// Every run of this job, oldest first.
    public func runs() throws -> [JobRun] {
        let statement = try database.prepare("SELECT id, started_at, ended_at, exit_status, requests FROM runs ORDER BY id")
        defer { statement.reset() }
        var result: [JobRun] = []
        while try statement.step() {
            result.append(JobRun(id: statement.int(0), startedAt: statement.double(1), endedAt: statement.optionalDouble(2),
                                 exitStatus: statement.optionalInt(3), requests: statement.int(4)))
        }
        return result
    }

    // MARK: counts

    /// How many rows are in each state.
    public func countsByState() throws -> [RowState: Int] {
        let statement = try database.prepare("SELECT state, COUNT(*) FROM rows GROUP BY state")
        defer { statement.reset() }
        var counts: [RowState: Int] = [:]
        while try statement.step() {
            if let state = statement.text(0).flatMap(RowState.init(rawValue:)) { counts[state] = statement.int(1) }
        }
        return counts
    }

    /// Rows with at least one timed-out request (which may have been applied before the retry).
    public func timedOutRowCount() throws -> Int {
        try database.scalarInt("SELECT COUNT(DISTINCT row_id) FROM attempts WHERE outcome = '\(AttemptOutcome.timeout.rawValue)' AND call = '\(RequestCall.update.rawValue)'") ?? 0
    }
}

/// One invocation of `run` on a job.
public struct JobRun: Sendable, Codable {
    public var id: Int
    public var startedAt: Double
    public var endedAt: Double?
    public var exitStatus: Int?
    public var requests: Int
}
