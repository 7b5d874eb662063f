import Foundation

/// Writes a file through a buffer into a temporary sibling and renames it into place when done,
/// so a reader never sees half a report. The file is `0600`.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Bytes written so far, and up to where writing them to disk was started.
    private var written = 0
    private var writebackStarted = 0
    private static let writebackStep = 8 << 20
    /// Set while the file this one replaces is being removed (see `init`).
    private var oldRemoved: WakeSignal?

    /// With `removingOldFirst`, a file already at `path` is moved aside and removed on a thread of its own while
    /// the new one is written (a reader then finds no file until the commit, never half of one): freeing half a
    /// gigabyte at the rename took a third of a second on a disk mounted with `discard`, all of it waiting.
    public init(path: String, removingOldFirst: Bool = false) throws {
        self.path = path
        if removingOldFirst { oldRemoved = Self.removeInBackground(path) }
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

    /// Appends bytes already formatted (whole lines, each with its `\n`).
    public func write(bytes: [UInt8]) throws {
        if buffer.count + bytes.count < 1 << 16 {
            buffer.append(contentsOf: bytes)
            return
        }
        try flushBuffer()
        try write(contentsOf: bytes)
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
        oldRemoved?.wait(until: nil)
        guard rename(temporaryPath, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw StatusBatchError(.stoppedEarly, "\(path): cannot replace the report: \(String(cString: strerror(errno)))")
        }
    }

    /// Renames the file at `path` aside (if any) and unlinks it on another thread, with any file an earlier
    /// process set aside and did not get to remove (it was killed); the signal says they are gone.
    private static func removeInBackground(_ path: String) -> WakeSignal? {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path, asidePrefix = url.lastPathComponent + ".old-"
        let aside = path + ".old-\(getpid())"
        unlink(aside)
        _ = rename(path, aside)  // fails when there is no file to replace: then only leftovers go
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(asidePrefix) }.map { directory + "/" + $0 }
        guard !left.isEmpty else { return nil }
        let removed = WakeSignal()
        Thread {
            for file in left { unlink(file) }
            removed.signal()
        }.start()
        return removed
    }

    private func flushBuffer() throws {
        guard !buffer.isEmpty else { return }
        try write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(contentsOf bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
            written += bytes.count
            // Start writing large files out while more is formatted: the sync of `commit` then waits for the
            // last few megabytes, not for the whole file (over a second for the results of a million rows).
            // On Linux, DONTNEED starts the writeback of the range without waiting for it.
            if written - writebackStarted >= Self.writebackStep {
                _ = posix_fadvise(handle.fileDescriptor, off_t(writebackStarted), off_t(written - writebackStarted),
                                  POSIX_FADV_DONTNEED)
                writebackStarted = written
            }
        } catch {
            throw StatusBatchError(.stoppedEarly, "\(path): writing the report failed (\(error.localizedDescription)); the job itself is safe: free space and run `statusbatch report` to rebuild the reports")
        }
    }
}
