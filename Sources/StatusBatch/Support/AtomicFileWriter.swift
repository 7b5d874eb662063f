import Foundation

/// Writes a file through a buffer into a temporary sibling and renames it into place when done,
/// so a reader never sees half a report.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    public init(path: String) throws {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw StatusBatchError(.stoppedEarly, "\(path): cannot write the report (check the folder's permissions and free space); the job itself is safe: `statusbatch report` rebuilds the reports")
        }
        self.handle = handle
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
