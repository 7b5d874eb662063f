import Foundation

/// Reads a file in fixed-size chunks so memory never grows with the file's size, as UTF-8: a gzip file
/// (by its magic bytes) is decompressed, and UTF-16 (by its byte-order mark, or `encoding`), Windows-1252 or
/// Latin-1 text is transcoded while streaming (`ChunkStream`).
public final class ByteSource {
    private let file: FileChunks
    private let stream: ChunkStream
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    /// Bytes handed out so far.
    public private(set) var bytesConsumed: Int = 0
    /// True when the file is gzip-compressed.
    public let isCompressed: Bool
    /// The encoding the text was read in (a byte-order mark's, else the one asked for, else UTF-8).
    public let encoding: InputEncoding

    public init(path: String, encoding asked: InputEncoding? = nil, chunkSize: Int = 256 * 1024) throws {
        file = try FileChunks(path: path, chunkSize: chunkSize)
        var raw: ChunkStream = file
        let first = try file.nextChunk() ?? []
        isCompressed = first.starts(with: [0x1F, 0x8B])
        raw = PrefixedChunks(first: first, rest: file)
        if isCompressed { raw = try GzipChunks(upstream: raw, path: path) }
        // The decoded text's first bytes name its encoding when they are a byte-order mark.
        var head = try raw.nextChunk() ?? []
        while head.count < 4, let more = try raw.nextChunk() { head += more }
        if let (marked, length) = InputEncoding.byteOrderMark(head), marked != .utf8 {
            encoding = marked
            head.removeFirst(length)
        } else {
            encoding = asked ?? .utf8
        }
        let text = PrefixedChunks(first: head, rest: raw)
        stream = encoding == .utf8 ? text : TranscodedChunks(upstream: text, encoding: encoding == .utf16 ? .utf16le : encoding)
    }

    /// The next byte, or nil at the end of the file.
    @inline(__always)
    public func next() throws -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        let byte = buffer[position]
        position += 1
        bytesConsumed += 1
        return byte
    }

    /// Appends to `out` the bytes from the current position up to (not including) the first one for which
    /// `stops` is true, within the current chunk and at most `limit` of them; returns how many it took.
    /// Lets a parser copy runs of ordinary bytes at once instead of one call per byte.
    @inline(__always)
    public func takeRun(into out: inout [UInt8], limit: Int, stops: (UInt8) -> Bool) -> Int {
        let end = min(buffer.count, position + max(limit, 0))
        var index = position
        buffer.withUnsafeBufferPointer { bytes in
            while index < end && !stops(bytes[index]) { index += 1 }
            if index > position { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<index])) }
        }
        let taken = index - position
        position = index
        bytesConsumed += taken
        return taken
    }

    /// The next byte without consuming it.
    public func peek() throws -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[position]
    }

    /// Up to `count` bytes from the current position without consuming them (for sniffing).
    public func peekPrefix(_ count: Int) throws -> [UInt8] {
        while buffer.count - position < count && !finished {
            guard let more = try stream.nextChunk() else {
                finished = true
                break
            }
            buffer.removeFirst(position)
            position = 0
            buffer.append(contentsOf: more)
        }
        return Array(buffer[position..<min(buffer.count, position + count)])
    }

    private func refill() throws -> Bool {
        if finished { return false }
        guard let chunk = try stream.nextChunk() else {
            finished = true
            return false
        }
        buffer = chunk
        position = 0
        return true
    }

    /// Size and SHA-256 of the file as given (compressed, in its own encoding), once all of it was read; nil before.
    public func fingerprintOfWhatWasRead() -> (size: Int, sha256: String)? {
        guard finished else { return nil }
        // The text ended; the file's last bytes (a gzip trailer) were read with it.
        return file.fingerprint()
    }

    /// Size and modification time (seconds.nanoseconds) of a file, or nil when it cannot be examined.
    public static func stamp(path: String) -> (size: Int, modified: String)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_size), "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
    }

    /// Size and SHA-256 of a whole file as given, read in chunks (the hashing `FileChunks` does while parsing).
    public static func sizeAndDigest(path: String) throws -> (size: Int, sha256: String) {
        let file = try FileChunks(path: path, chunkSize: 1 << 20)
        while try file.nextChunk() != nil {}
        guard let fingerprint = file.fingerprint() else { throw StatusBatchError.usage("\(path): cannot read the file") }
        return fingerprint
    }

}
