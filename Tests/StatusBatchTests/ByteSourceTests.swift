import Foundation
import Testing
@testable import StatusBatch

/// ByteSource: chunked reading, peeking, and the size/SHA-256 fingerprint of a file.
@Suite("ByteSource")
struct ByteSourceTests {
    @Test("fingerprint of a file larger than one read chunk matches sha256sum")
    func fingerprintLargeFile() throws {
        try withTempDir { dir in
            // python3 -c "import sys; sys.stdout.buffer.write(bytes(i%251 for i in range(1500000)))" | sha256sum
            let bytes = (0..<1_500_000).map { UInt8($0 % 251) }
            let path = try dir.write("big.bin", bytes: bytes)
            let fingerprint = try ByteSource.sizeAndDigest(path: path)
            #expect(fingerprint.size == 1_500_000)
            #expect(fingerprint.sha256 == "5596d05b12f12e268d4d9418b201f81533c985c09d28f2b91c2b013174e1be48")
        }
    }

    @Test("fingerprint of a small CSV and of an empty file")
    func fingerprintSmallFiles() throws {
        try withTempDir { dir in
            // printf 'identifierValue,label\n919800000001,VIP\n' | sha256sum
            let small = try ByteSource.sizeAndDigest(path: try dir.write("s.csv", "identifierValue,label\n919800000001,VIP\n"))
            #expect(small.size == 39)
            #expect(small.sha256 == "9f034490eeda587d342058b3332fb7c1e4db0a871ac2516f258d12fccf036d15")
            let empty = try ByteSource.sizeAndDigest(path: try dir.write("e.csv", ""))
            #expect(empty.size == 0)
            #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }
    }

    @Test("a missing file is a usage error")
    func missingFile() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nope-\(UUID().uuidString)").path
        let opening = #expect(throws: StatusBatchError.self) { _ = try ByteSource(path: path) }
        #expect(opening?.status == .usageError)
        let hashing = #expect(throws: StatusBatchError.self) { _ = try ByteSource.sizeAndDigest(path: path) }
        #expect(hashing?.status == .usageError)
    }

    @Test("next, peek and peekPrefix across chunk boundaries", arguments: [1, 2, 3, 4, 100])
    func reading(chunkSize: Int) throws {
        try withTempDir { dir in
            let source = try ByteSource(path: try dir.write("abc.txt", "abcdefg"), chunkSize: chunkSize)
            #expect(try source.peekPrefix(3) == Array("abc".utf8))
            #expect(try source.next() == UInt8(ascii: "a"))
            #expect(try source.peek() == UInt8(ascii: "b"))
            #expect(try source.peekPrefix(4) == Array("bcde".utf8))
            var rest: [UInt8] = []
            while let byte = try source.next() { rest.append(byte) }
            #expect(rest == Array("bcdefg".utf8))
            #expect(try source.peek() == nil)
            #expect(try source.peekPrefix(2) == [])
            #expect(source.bytesConsumed == 7)
        }
    }
}
