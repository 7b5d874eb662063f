import Foundation
import Testing
@testable import StatusBatch

/// AtomicFileWriter: a report appears whole at its commit; replacing a large one frees the old file early.
@Suite("AtomicFileWriter")
struct AtomicFileWriterTests {
    static func names(_ dir: TempDir) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
    }

    @Test("by default the old file stays readable until the commit replaces it")
    func keepsOldUntilCommit() throws {
        try withTempDir { dir in
            try dir.write("results.csv", bytes: Array("old\n".utf8))
            let writer = try AtomicFileWriter(path: dir.path("results.csv"))
            try writer.writeLine("new")
            #expect(try String(contentsOfFile: dir.path("results.csv"), encoding: .utf8) == "old\n")
            try writer.commit()
            #expect(try String(contentsOfFile: dir.path("results.csv"), encoding: .utf8) == "new\n")
            #expect(try Self.names(dir) == ["results.csv"])
        }
    }

    @Test("removingOldFirst: the old file is gone while the new one is written, the new one is in place after, nothing is left aside")
    func removesOldFirst() throws {
        try withTempDir { dir in
            try dir.write("results.csv", bytes: Array(repeating: UInt8(ascii: "x"), count: 1 << 20))
            let writer = try AtomicFileWriter(path: dir.path("results.csv"), removingOldFirst: true)
            #expect(!FileManager.default.fileExists(atPath: dir.path("results.csv")))
            try writer.writeLine("new")
            try writer.commit()
            #expect(try String(contentsOfFile: dir.path("results.csv"), encoding: .utf8) == "new\n")
            #expect(try Self.names(dir) == ["results.csv"])
        }
        // A file an earlier process set aside and was killed before removing goes too.
        try withTempDir { dir in
            try dir.write("results.csv", bytes: Array("old\n".utf8))
            try dir.write("results.csv.old-999999", bytes: Array("older\n".utf8))
            let writer = try AtomicFileWriter(path: dir.path("results.csv"), removingOldFirst: true)
            try writer.writeLine("new")
            try writer.commit()
            #expect(try Self.names(dir) == ["results.csv"])
        }
        // Nothing to replace: the same as a plain writer.
        try withTempDir { dir in
            let writer = try AtomicFileWriter(path: dir.path("results.csv"), removingOldFirst: true)
            try writer.writeLine("first")
            try writer.commit()
            #expect(try String(contentsOfFile: dir.path("results.csv"), encoding: .utf8) == "first\n")
            #expect(try Self.names(dir) == ["results.csv"])
        }
    }
}
