import CSQLite
import Foundation

/// A failure reported by SQLite, with the statement that caused it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    /// The operating system's errno behind an I/O error, when SQLite knows it.
    public var systemErrno: Int32 = 0
    public var description: String { "SQLite error \(code): \(message)" }
}

/// A thin owner of one SQLite connection. Not thread-safe: one thread uses it at a time.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]

    /// The library's process-wide settings, made once before the first connection opens it.
    private static let configured: Void = { _ = csqlite_disable_memory_statistics() }()

    /// Opens (creating if needed) the database at `path`; never through a symbolic link.
    public init(path: String, readOnly: Bool = false) throws {
        _ = Self.configured
        var db: OpaquePointer?
        if !readOnly { try Self.createPrivately(path) }
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(errorMessage)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, systemErrno: sqlite3_system_errno(handle))
        }
    }

    /// A prepared statement, cached by its SQL text so hot paths do not re-prepare.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(database: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `body` inside one transaction; rolls back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try prepare("BEGIN IMMEDIATE").run()
        do {
            let result = try body()
            try prepare("COMMIT").run()
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The first column of the first row of a query, as an integer.
    public func scalarInt(_ sql: String) throws -> Int? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : nil
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    func lastError(_ rc: Int32) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)),
                    systemErrno: sqlite3_system_errno(handle))
    }

    /// Creates the database file `0600` when it is missing (SQLite would make it `0644`, and its journals copy the
    /// database's mode), and takes group and other permissions from one an older version made. A symbolic link
    /// in its place is refused.
    private static func createPrivately(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT != S_IFLNK else {
                throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot open: \(String(cString: strerror(ELOOP)))",
                                  systemErrno: ELOOP)
            }
            // An existing database is tightened by its path, never opened here: closing a descriptor of it would
            // drop every POSIX lock this process holds on it, those of its other connections too (SQLite's locks
            // belong to the process), and another process could then delete the WAL of a running job.
            if info.st_mode & 0o077 != 0 { chmod(path, info.st_mode & 0o700) }
            return
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 || errno == EEXIST else {
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot open: \(String(cString: strerror(errno)))",
                              systemErrno: errno)
        }
        if descriptor >= 0 { close(descriptor) }
    }
}
