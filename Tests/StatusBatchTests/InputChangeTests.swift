import Foundation
import Testing
@testable import StatusBatch

/// The reader fingerprints exactly the bytes it parsed, so a file that changes mid-ingest is caught.
@Suite("Input changed while read")
struct InputChangeTests {
    /// A CSV large enough to span several read chunks.
    private func bigCSV(_ dir: TempDir) throws -> String {
        var text = "mobile,label,reason\n"
        for i in 0..<30_000 { text += "9170\(String(format: "%08d", i)),Gold,review\n" }
        return try dir.write("big.csv", text)
    }

    private func readAll(_ reader: InputReader, after count: Int = 0, change: () throws -> Void = {}) throws -> Int {
        var records = 0
        while try reader.next() != nil {
            records += 1
            if records == count { try change() }
        }
        return records
    }

    @Test("an unchanged file: the parsed bytes match the fingerprint taken before")
    func unchanged() throws {
        try withTempDir { dir in
            let path = try bigCSV(dir)
            let before = try ByteSource.sizeAndDigest(path: path)
            let reader = try InputReader(path: path, defaults: InputDefaults())
            #expect(reader.fingerprintOfWhatWasRead() == nil)
            #expect(try readAll(reader) == 30_000)
            let parsed = try #require(reader.fingerprintOfWhatWasRead())
            #expect(parsed.size == before.size)
            #expect(parsed.sha256 == before.sha256)
        }
    }

    @Test("rows appended while reading change the fingerprint of what was parsed")
    func appended() throws {
        try withTempDir { dir in
            let path = try bigCSV(dir)
            let before = try ByteSource.sizeAndDigest(path: path)
            let reader = try InputReader(path: path, defaults: InputDefaults())
            _ = try readAll(reader, after: 100) {
                let handle = try #require(FileHandle(forWritingAtPath: path))
                handle.seekToEndOfFile()
                handle.write(Data("917099999999,Gold,late row\n".utf8))
                try handle.close()
            }
            let parsed = try #require(reader.fingerprintOfWhatWasRead())
            #expect(parsed.sha256 != before.sha256)
        }
    }

    @Test("a file truncated while reading changes the fingerprint of what was parsed")
    func truncated() throws {
        try withTempDir { dir in
            let path = try bigCSV(dir)
            let before = try ByteSource.sizeAndDigest(path: path)
            let reader = try InputReader(path: path, defaults: InputDefaults())
            let records = try readAll(reader, after: 100) {
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.truncate(atOffset: UInt64(before.size / 2))
                try handle.close()
            }
            #expect(records < 30_000)
            let parsed = try #require(reader.fingerprintOfWhatWasRead())
            #expect(parsed.size != before.size)
        }
    }
}
