import CLibz
import Foundation

/// A stream of byte chunks: a file's bytes as given (`FileChunks`), decompressed (`GzipChunks`) or turned into UTF-8
/// (`TranscodedChunks`). Each layer reads its upstream one chunk at a time, so memory never grows with the file.
protocol ChunkStream: AnyObject {
    /// The next chunk (never empty), or nil at the end.
    func nextChunk() throws -> [UInt8]?
}

/// A file's bytes as given (`-`: standard input), hashed as they are read: a job's fingerprint is of the file, not of what it decodes to.
final class FileChunks: ChunkStream {
    private let handle: FileHandle
    private let chunkSize: Int
    private var hasher = SHA256()
    private(set) var bytesRead = 0
    private(set) var finished = false

    init(path: String, chunkSize: Int) throws {
        if path == "-" {
            handle = FileHandle.standardInput
            self.chunkSize = chunkSize
            return
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StatusBatchError.usage("\(path): cannot open the file for reading")
        }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    deinit { if handle !== FileHandle.standardInput { try? handle.close() } }

    func nextChunk() throws -> [UInt8]? {
        guard !finished else { return nil }
        let data = try handle.read(upToCount: chunkSize) ?? Data()
        guard !data.isEmpty else {
            finished = true
            return nil
        }
        bytesRead += data.count
        data.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer($0).bindMemory(to: UInt8.self)) }
        return [UInt8](data)
    }

    /// Size and SHA-256 of every byte of the file, once its end was reached; nil before.
    func fingerprint() -> (size: Int, sha256: String)? {
        guard finished else { return nil }
        var copy = hasher
        return (bytesRead, copy.finalizeHex())
    }
}

/// A chunk read ahead (to sniff a format) handed out again before the rest of the stream.
final class PrefixedChunks: ChunkStream {
    private var first: [UInt8]?
    private let rest: ChunkStream

    init(first: [UInt8]?, rest: ChunkStream) {
        self.first = first?.isEmpty == true ? nil : first
        self.rest = rest
    }

    func nextChunk() throws -> [UInt8]? {
        if let chunk = first {
            first = nil
            return chunk
        }
        return try rest.nextChunk()
    }
}

/// gzip decompression through the system zlib, member after member (`cat a.gz b.gz` is one stream, as gunzip reads
/// it). A damaged or cut-off stream is an error naming the file.
final class GzipChunks: ChunkStream {
    private let upstream: ChunkStream
    private let path: String
    private var stream = z_stream()
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var ended = false
    private var memberEnded = false
    private static let outputSize = 256 * 1024

    init(upstream: ChunkStream, path: String) throws {
        self.upstream = upstream
        self.path = path
        // 15 + 16: a gzip header and trailer (not zlib or raw deflate).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw StatusBatchError.usage("\(path): cannot start gzip decompression")
        }
    }

    deinit { inflateEnd(&stream) }

    func nextChunk() throws -> [UInt8]? {
        while !ended {
            if inputOffset == input.count {
                guard let chunk = try upstream.nextChunk() else {
                    ended = true
                    guard memberEnded else { throw damaged("it ends before the end of its compressed data") }
                    return nil
                }
                input = chunk
                inputOffset = 0
            }
            if memberEnded {
                // Another member follows the one that ended.
                inflateReset(&stream)
                memberEnded = false
            }
            var output = [UInt8](repeating: 0, count: Self.outputSize)
            var status: Int32 = Z_OK
            let (consumed, produced) = input.withUnsafeMutableBufferPointer { inBytes in
                output.withUnsafeMutableBufferPointer { outBytes -> (Int, Int) in
                    stream.next_in = inBytes.baseAddress! + inputOffset
                    stream.avail_in = UInt32(inBytes.count - inputOffset)
                    stream.next_out = outBytes.baseAddress
                    stream.avail_out = UInt32(outBytes.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return (inBytes.count - inputOffset - Int(stream.avail_in), outBytes.count - Int(stream.avail_out))
                }
            }
            inputOffset += consumed
            switch status {
            case Z_STREAM_END: memberEnded = true
            case Z_OK, Z_BUF_ERROR: break
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? String(cString: zError(status))
                throw damaged("not valid gzip data (\(reason))")
            }
            if produced > 0 { return Array(output[..<produced]) }
        }
        return nil
    }

    private func damaged(_ detail: String) -> StatusBatchError {
        StatusBatchError.usage("\(path): the gzip file is damaged: \(detail); nothing was sent")
    }
}

/// Text in UTF-16 (LE or BE), Windows-1252 or Latin-1 turned into UTF-8 as it streams; a code unit or a surrogate
/// pair split between two chunks is carried over. An unpaired surrogate becomes U+FFFD (so the row is still read).
final class TranscodedChunks: ChunkStream {
    private let upstream: ChunkStream
    private let encoding: InputEncoding
    private var carry: [UInt8] = []

    init(upstream: ChunkStream, encoding: InputEncoding) {
        self.upstream = upstream
        self.encoding = encoding
    }

    func nextChunk() throws -> [UInt8]? {
        while let chunk = try upstream.nextChunk() {
            let out = convert(carry + chunk, final: false)
            if !out.isEmpty { return out }
        }
        guard !carry.isEmpty else { return nil }
        let out = convert(carry, final: true)
        return out.isEmpty ? nil : out
    }

    private func convert(_ bytes: [UInt8], final: Bool) -> [UInt8] {
        carry = []
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 2)
        switch encoding {
        case .windows1252, .latin1:
            let table = encoding == .windows1252 ? Windows1252.scalars : nil
            for byte in bytes {
                if byte < 0x80 { out.append(byte); continue }
                let scalar = table.map { $0[Int(byte) - 0x80] } ?? UInt32(byte)
                Self.appendUTF8(scalar, to: &out)
            }
        case .utf16, .utf16le, .utf16be:
            let bigEndian = encoding == .utf16be
            var index = 0
            func unit(_ at: Int) -> UInt32 {
                bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
            }
            while index + 1 < bytes.count {
                let first = unit(index)
                if first >= 0xD800 && first < 0xDC00 {
                    guard index + 3 < bytes.count else { break }
                    let second = unit(index + 2)
                    if second >= 0xDC00 && second < 0xE000 {
                        Self.appendUTF8(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), to: &out)
                        index += 4
                        continue
                    }
                    Self.appendUTF8(0xFFFD, to: &out)
                } else if first >= 0xDC00 && first < 0xE000 {
                    Self.appendUTF8(0xFFFD, to: &out)
                } else {
                    Self.appendUTF8(first, to: &out)
                }
                index += 2
            }
            if index < bytes.count {
                if final { Self.appendUTF8(0xFFFD, to: &out) } else { carry = Array(bytes[index...]) }
            }
        case .utf8:
            out = bytes
        }
        return out
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80: out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
