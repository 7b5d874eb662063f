import CSQLite

/// A prepared statement: bind by position (1-based), step, read columns (0-based).
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase
    private static let emptyText: StaticString = ""
    /// The text of the values `run(binding:)` binds in place.
    private var textBuffer: [UInt8] = []

    // SQLITE_TRANSIENT: SQLite copies bound text, so Swift strings may go away after binding.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: SQLiteDatabase, sql: String) throws {
        var prepared: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &prepared, nil)
        guard rc == SQLITE_OK, let prepared else { throw database.lastError(rc) }
        self.statement = prepared
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// Clears bindings and rewinds, ready to run again.
    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    /// Binds values in order to parameters 1...n.
    @discardableResult
    public func bind(_ values: SQLiteValue...) throws -> SQLiteStatement {
        try bind(values)
    }

    /// Binds values in order to parameters 1...n.
    @discardableResult
    public func bind(_ values: [SQLiteValue]) throws -> SQLiteStatement {
        let statement = self.statement
        try bind(values) { index, text in
            // The byte count spares SQLite a strlen; TRANSIENT makes it copy before the Swift buffer goes away.
            // A native string hands over its own bytes (passing the String would make a C string copy of it).
            let direct = text.utf8.withContiguousStorageIfAvailable { bytes -> Int32? in
                guard let base = bytes.baseAddress else { return nil }  // empty: no storage to hand over
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement, index, $0, Int32(bytes.count), SQLiteStatement.transient)
                }
            }
            return (direct ?? nil) ?? sqlite3_bind_text(statement, index, text, Int32(text.utf8.count), SQLiteStatement.transient)
        }
        return self
    }

    /// Binds values in order to parameters 1...n, text through `bindText` (parameter index, text) → result code.
    private func bind(_ values: [SQLiteValue], text bindText: (Int32, String) -> Int32) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .int(let v): rc = sqlite3_bind_int64(statement, index, Int64(v))
            case .double(let v): rc = sqlite3_bind_double(statement, index, v)
            case .text(let v): rc = bindText(index, v)
            }
            guard rc == SQLITE_OK else { throw database.lastError(rc) }
        }
    }

    /// Binds `values` and runs the statement once, handing text over in place (SQLite copies nothing: for a
    /// bulk insert, a copy and an allocation per value were a tenth of the insert). The text is gathered into
    /// one buffer the statement keeps, bound from there, and unbound before the buffer changes again.
    public func run(binding values: [SQLiteValue]) throws {
        textBuffer.removeAll(keepingCapacity: true)
        for case .text(let text) in values { UTF8Bytes.append(text, to: &textBuffer) }
        try textBuffer.withUnsafeBufferPointer { buffer in
            defer { reset() }
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            // An empty text still needs a pointer (NULL would bind NULL): any valid one will do.
            let empty = UnsafeRawPointer(Self.emptyText.utf8Start).assumingMemoryBound(to: CChar.self)
            let statement = self.statement
            var offset = 0
            try bind(values) { index, text in
                let count = text.utf8.count
                defer { offset += count }
                return sqlite3_bind_text(statement, index, base.map { $0 + offset } ?? empty, Int32(count), nil)
            }
            while try step() {}
        }
    }

    /// Advances one row: true when a row is available, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(statement)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.lastError(rc)
            sqlite3_reset(statement)
            throw error
        }
    }

    /// Runs a statement that returns no rows, then rewinds it.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    public func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        // The byte count SQLite already knows spares a strlen per value (reports read millions).
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The UTF-8 bytes of a text column in place (nil for NULL): valid until the next `step` or `reset`.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column)))
    }

    public func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    public func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
}

/// A value bound to a statement parameter.
public enum SQLiteValue {
    case null
    case int(Int)
    case double(Double)
    case text(String)

    /// `.text` or `.null`.
    public static func optional(_ text: String?) -> SQLiteValue { text.map { .text($0) } ?? .null }
    /// `.int` or `.null`.
    public static func optional(_ value: Int?) -> SQLiteValue { value.map { .int($0) } ?? .null }
    /// `.double` or `.null`.
    public static func optional(_ value: Double?) -> SQLiteValue { value.map { .double($0) } ?? .null }
}
