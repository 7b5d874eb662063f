import Foundation

/// Reads a file in fixed-size chunks so memory never grows with the file's size.
public final class ByteSource {
    private let handle: FileHandle
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    /// Bytes handed out so far.
    public private(set) var bytesConsumed: Int = 0
    /// Every byte read from the file so far, hashed: the fingerprint of what was actually parsed.
    private var hasher = SHA256()
    private var bytesRead = 0

    public init(path: String, chunkSize: Int = 256 * 1024) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StatusBatchError.usage("\(path): cannot open the file for reading")
        }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    deinit { try? handle.close() }

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
            let more = try handle.read(upToCount: chunkSize) ?? Data()
            absorb(more)
            if more.isEmpty { finished = true } else {
                buffer.removeFirst(position); position = 0
                buffer.append(contentsOf: more)
            }
        }
        return Array(buffer[position..<min(buffer.count, position + count)])
    }

    private func refill() throws -> Bool {
        if finished { return false }
        let data = try handle.read(upToCount: chunkSize) ?? Data()
        absorb(data)
        if data.isEmpty { finished = true; return false }
        buffer = [UInt8](data)
        position = 0
        return true
    }

    private func absorb(_ data: Data) {
        bytesRead += data.count
        data.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer($0).bindMemory(to: UInt8.self)) }
    }

    /// Size and SHA-256 of everything read, once the end of the file has been reached; nil before.
    public func fingerprintOfWhatWasRead() -> (size: Int, sha256: String)? {
        guard finished else { return nil }
        var copy = hasher
        return (bytesRead, copy.finalizeHex())
    }

    /// Size and modification time (seconds.nanoseconds) of a file, or nil when it cannot be examined.
    public static func stamp(path: String) -> (size: Int, modified: String)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_size), "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
    }

    /// Size and SHA-256 of a whole file, read in chunks.
    public static func sizeAndDigest(path: String) throws -> (size: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StatusBatchError.usage("\(path): cannot open the file for reading")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            size += data.count
            data.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer($0).bindMemory(to: UInt8.self)) }
        }
        return (size, hasher.finalizeHex())
    }
}
