import Testing
@testable import StatusBatch

/// SQLiteStatement's in-place binding for bulk inserts: the same values as binding with copies.
@Suite("SQLiteStatement")
struct SQLiteStatementTests {
    @Test("run(binding:) stores text, empty text, NULL and numbers as they were given, row after row")
    func bindsInPlace() throws {
        try withTempDir { dir in
            let database = try SQLiteDatabase(path: dir.path("t.sqlite"))
            try database.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT, c REAL, d TEXT NOT NULL)")
            let insert = try database.prepare("INSERT INTO t(id, a, b, c, d) VALUES(?, ?, ?, ?, ?)")
            let long = String(repeating: "wide text ", count: 40)
            let rows: [[SQLiteValue]] = [
                [.int(1), .text(""), .null, .double(1.5), .text("")],
                [.int(2), .text("café ✓"), .text(long), .null, .text("x")],
                [.int(3), .text("a,b"), .text(""), .double(-2), .text(long + "end")],
            ]
            for row in rows { try insert.run(binding: row) }
            let read = try database.prepare("SELECT a, b, c, d, typeof(b) FROM t ORDER BY id")
            var got: [[String?]] = []
            while try read.step() {
                got.append([read.text(0), read.text(1), read.isNull(2) ? nil : String(read.double(2)), read.text(3), read.text(4)])
            }
            #expect(got == [["", nil, "1.5", "", "null"], ["café ✓", long, nil, "x", "text"], ["a,b", "", "-2.0", long + "end", "text"]])
        }
    }
}
