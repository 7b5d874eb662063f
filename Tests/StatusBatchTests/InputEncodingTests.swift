import Foundation
import Testing
@testable import StatusBatch

/// Inputs in other encodings and compressed: each gives the same records as the same CSV in UTF-8. The fixtures
/// are made here: UTF-16 by Swift's own encoder, Windows-1252 by its code page table, gzip by the system's `gzip`.
@Suite("Input encodings and gzip")
struct InputEncodingTests {
    /// Accented labels and reasons, a character outside the BMP (a surrogate pair in UTF-16) and a quoted comma.
    static let text = "mobile,label,reason\r\n919800000001,Gold Élite,\"Revue, trimestrielle\"\r\n"
        + "919800000002,Café,Año nuevo 😀\r\n919800000003,VIP,plain\r\n"
    /// The same rows without the emoji, which Windows-1252 cannot write.
    static let westernText = "mobile,label,reason\n919800000001,Gold Élite,Façade – “déjà vu”\n919800000002,Café,Año nuevo\n"

    static func records(_ path: String, encoding: InputEncoding? = nil) throws -> [(Int, String, String?)] {
        try readAll(try InputReader(path: path, defaults: InputDefaults(), encoding: encoding)).map {
            ($0.line, $0.raw, $0.rejection)
        }
    }

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        return bytes
    }

    static func windows1252(_ text: String) throws -> [UInt8] {
        try text.unicodeScalars.map { scalar in
            if scalar.value < 0x80 { return UInt8(scalar.value) }
            return UInt8(0x80 + (try #require(Windows1252.scalars.firstIndex(of: scalar.value))))
        }
    }

    /// Compresses `path` with the system's gzip (-n: no name or time in the header) into `path.gz`.
    static func gzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -n -c \"$0\" > \"$0.gz\"", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return path + ".gz"
    }

    @Test("UTF-16 LE and BE with a byte-order mark: the same records as UTF-8, split anywhere between chunks")
    func utf16WithByteOrderMark() throws {
        try withTempDir { dir in
            let expected = try Self.records(dir.write("utf8.csv", Self.text))
            for bigEndian in [false, true] {
                let path = try dir.write("utf16-\(bigEndian).csv", bytes: Self.utf16(Self.text, bigEndian: bigEndian, bom: true))
                let got = try Self.records(path)
                #expect(got.map(\.0) == expected.map(\.0) && got.map(\.1) == expected.map(\.1), "\(got)")
                #expect(got.allSatisfy { $0.2 == nil }, "\(got)")
                for chunkSize in [1, 3, 5, 7] {
                    let source = try ByteSource(path: path, chunkSize: chunkSize)
                    var bytes: [UInt8] = []
                    while let byte = try source.next() { bytes.append(byte) }
                    #expect(String(decoding: bytes, as: UTF8.self) == Self.text, "chunk \(chunkSize)")
                    #expect(source.encoding == (bigEndian ? .utf16be : .utf16le))
                }
            }
        }
    }

    @Test("UTF-16 without a mark: refused with the hint, read with --encoding utf-16 / utf-16be")
    func utf16WithoutByteOrderMark() throws {
        try withTempDir { dir in
            let little = try dir.write("le.csv", bytes: Self.utf16(Self.text, bigEndian: false, bom: false))
            #expect(throws: StatusBatchError.self) { try Self.records(little) }
            do { _ = try Self.records(little) } catch { #expect("\(error)".contains("--encoding utf-16"), "\(error)") }
            let big = try dir.write("be.csv", bytes: Self.utf16(Self.text, bigEndian: true, bom: false))
            do { _ = try Self.records(big) } catch { #expect("\(error)".contains("--encoding utf-16be"), "\(error)") }
            let expected = try Self.records(dir.write("utf8.csv", Self.text))
            #expect(try Self.records(little, encoding: .utf16).map(\.1) == expected.map(\.1))
            #expect(try Self.records(big, encoding: .utf16be).map(\.1) == expected.map(\.1))
        }
    }

    @Test("Windows-1252: each accented row rejected with the hint, the file refused up front; --encoding reads it")
    func windows1252() throws {
        try withTempDir { dir in
            let path = try dir.write("cp1252.csv", bytes: try Self.windows1252(Self.westernText))
            let reader = try InputReader(path: path, defaults: InputDefaults())
            let rows = try readAll(reader)
            #expect(rows.count == 2 && rows.allSatisfy { $0.rejection?.contains("--encoding windows-1252") == true }, "\(rows.map(\.rejection))")
            #expect(rows[0].rejection?.contains("read as Windows-1252 it is 'Gold Élite'") == true, "\(rows[0].rejection ?? "")")
            let problem = try #require(reader.encodingProblem(records: rows.count))
            #expect(problem.contains("2 of 2 rows") && problem.contains("first on line 2") && problem.contains("--encoding windows-1252"))
            let expected = try Self.records(dir.write("utf8.csv", Self.westernText))
            let decoded = try Self.records(path, encoding: .windows1252)
            #expect(decoded.map(\.1) == expected.map(\.1) && decoded.allSatisfy { $0.2 == nil }, "\(decoded)")
            // Latin-1 reads the same bytes, but 0x93 and 0x94 (“ ”) are C1 controls there.
            let latin = try Self.records(path, encoding: .latin1)
            #expect(latin[1].1 == expected[1].1 && latin[0].1 != expected[0].1)
        }
    }

    @Test("a few Windows-1252 rows among UTF-8 ones are rejected one by one, with no whole-file notice")
    func fewWindows1252Rows() throws {
        try withTempDir { dir in
            var bytes = Array("mobile,label,reason\n919800000001,VIP,ok\n919800000002,VIP,fine\n".utf8)
            bytes += try Self.windows1252("919800000003,Café,x\n")
            let reader = try InputReader(path: try dir.write("mixed.csv", bytes: bytes), defaults: InputDefaults())
            let rows = try readAll(reader)
            #expect(rows.filter { $0.rejection != nil }.count == 1)
            #expect(reader.encodingProblem(records: rows.count) == nil)
        }
    }

    @Test("gzip: the same records; the fingerprint is of the .gz file as given; concatenated members read on")
    func gzip() throws {
        try withTempDir { dir in
            let plain = try dir.write("rows.csv", Self.text)
            let compressed = try Self.gzip(plain)
            let reader = try InputReader(path: compressed, defaults: InputDefaults())
            let expected = try Self.records(plain)
            #expect(try readAll(reader).map(\.raw) == expected.map(\.1))
            let fingerprint = try #require(reader.fingerprintOfWhatWasRead())
            #expect(fingerprint.size == (try ByteSource.sizeAndDigest(path: compressed)).size)
            #expect(fingerprint.sha256 == (try ByteSource.sizeAndDigest(path: compressed)).sha256)
            // UTF-16 inside gzip, and two members one after the other.
            let utf16 = try Self.gzip(try dir.write("u16.csv", bytes: Self.utf16(Self.text, bigEndian: false, bom: true)))
            #expect(try Self.records(utf16).map(\.1) == expected.map(\.1))
            let more = try Self.gzip(try dir.write("more.csv", "919800000009,VIP,late\n"))
            let joined = try dir.write("joined.csv.gz", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: compressed)))
                                           + Array(try Data(contentsOf: URL(fileURLWithPath: more))))
            #expect(try Self.records(joined).map(\.0) == [2, 3, 4, 5])
        }
    }

    @Test("a damaged or cut-off gzip file is a usage error naming the file")
    func damagedGzip() throws {
        try withTempDir { dir in
            let compressed = try Self.gzip(try dir.write("rows.csv", String(repeating: Self.text, count: 50)))
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: compressed)))
            let cut = try dir.write("cut.csv.gz", bytes: Array(bytes.prefix(bytes.count / 2)))
            do {
                _ = try Self.records(cut)
                Issue.record("a cut-off gzip file was read")
            } catch {
                #expect("\(error)".contains("cut.csv.gz: the gzip file is damaged"), "\(error)")
            }
            var garbled = bytes
            for index in 20..<min(60, garbled.count) { garbled[index] ^= 0x5A }
            let bad = try dir.write("bad.csv.gz", bytes: garbled)
            #expect(throws: StatusBatchError.self) { try Self.records(bad) }
        }
    }
}
