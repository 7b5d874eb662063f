import Foundation

/// Writes a file through a buffer into a temporary sibling and renames it into place when done,
/// so a reader never sees half a report. The file is `0600`.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    public init(path: String) throws {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        // Readable by its owner only (reports name customers); a leftover of a process with this pid goes first,
        // and a symbolic link in the temporary file's place is not followed.
        unlink(temporaryPath)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StatusBatchError(.stoppedEarly, "\(path): cannot write the report (check the folder's permissions and free space); the job itself is safe: `statusbatch report` rebuilds the reports")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends text.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    /// Appends one line (a `\n` is added).
    public func writeLine(_ text: String) throws {
        try write(text)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends one line built straight into the buffer by `build` (a `\n` is added): no intermediate String.
    public func writeLine(_ build: (inout [UInt8]) -> Void) throws {
        build(&buffer)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws {
        do {
            try flushBuffer()
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw StatusBatchError(.stoppedEarly, "\(path): writing the report failed (\(error.localizedDescription)); the job itself is safe: free space and run `statusbatch report` to rebuild the reports")
        }
        guard rename(temporaryPath, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw StatusBatchError(.stoppedEarly, "\(path): cannot replace the report: \(String(cString: strerror(errno)))")
        }
    }

    private func flushBuffer() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw StatusBatchError(.stoppedEarly, "\(path): writing the report failed (\(error.localizedDescription)); the job itself is safe: free space and run `statusbatch report` to rebuild the reports")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
