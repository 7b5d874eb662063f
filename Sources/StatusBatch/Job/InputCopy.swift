import Foundation

/// An input that is not a regular file (`-` for standard input, a FIFO such as `<(zcat export.csv.gz)`, a
/// device) is copied into the job folder first, streaming, and the job reads the copy: the fingerprint, resume
/// and the reports then work as for a file. The same command resumes: the stream is copied again and must be
/// the same bytes as the copy kept (else the job refuses, as for a changed file).
public enum InputCopy {
    /// True when `path` must be copied before it is read: `-`, or anything but a regular file.
    public static func isStreamed(_ path: String) -> Bool {
        guard path != "-" else { return true }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT != S_IFREG
    }

    /// The copy's path in `directory`: `input` with the extensions the original's name ends with (`.csv`,
    /// `.jsonl`, `.csv.gz`), so the format is known as for the original; `input` alone for standard input.
    static func copyPath(for path: String, in directory: String) -> String {
        let name = path == "-" ? "" : (path as NSString).lastPathComponent.lowercased()
        let known = [".csv.gz", ".tsv.gz", ".txt.gz", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".csv", ".tsv", ".txt", ".jsonl",
                     ".ndjson", ".json", ".gz"]
        return directory + "/input" + (known.first { name.hasSuffix($0) } ?? "")
    }

    /// Copies the stream at `path` into `directory` (through `input.partial`, fsynced) and returns the path the job
    /// reads. `progress` gets the bytes copied so far, about ten times a second. A job that ingested its input
    /// (`ingested`) keeps its copy: the stream must be the same bytes, unless `restart` starts the job over.
    public static func prepare(path: String, directory: String, ingested: Bool, restart: Bool,
                               progress: (Int) -> Void) throws -> String {
        let target = copyPath(for: path, in: directory)
        let partial = directory + "/input.partial"
        let name = path == "-" ? "standard input" : path
        if path == "-" && isatty(STDIN_FILENO) == 1 {
            throw StatusBatchError.usage("standard input is a terminal: pipe the file in (statusbatch run - --workdir DIR < export.csv)")
        }
        let source: FileHandle
        if path == "-" {
            source = FileHandle.standardInput
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw StatusBatchError.usage("\(path): cannot open the file for reading")
            }
            source = handle
        }
        defer { if path != "-" { try? source.close() } }
        try copy(source, to: partial, name: name, progress: progress)
        if ingested && !restart, FileManager.default.fileExists(atPath: target) {
            defer { try? FileManager.default.removeItem(atPath: partial) }
            let kept = try ByteSource.sizeAndDigest(path: target)
            let now = try ByteSource.sizeAndDigest(path: partial)
            guard kept == now else {
                throw StatusBatchError.usage(
                    "\(name) is not the input this job was started with (job: \(kept.size) bytes, sha256 \(kept.sha256.prefix(12))…; now: \(now.size) bytes, sha256 \(now.sha256.prefix(12))…); use --restart to start this job over, or --workdir to start a separate job")
            }
            return target
        }
        guard rename(partial, target) == 0 else {
            throw StatusBatchError.usage("\(target): cannot keep the copy of \(name): \(String(cString: strerror(errno)))")
        }
        return target
    }

    /// Streams `source` into a new file at `path` (0600), syncing it to disk at the end; returns the bytes copied.
    @discardableResult
    private static func copy(_ source: FileHandle, to path: String, name: String, progress: (Int) -> Void) throws -> Int {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw StatusBatchError.usage("\(path): cannot create the copy of \(name): \(String(cString: strerror(errno)))")
        }
        let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var total = 0
        var lastReport = Date.distantPast
        do {
            while let data = try source.read(upToCount: 1 << 20), !data.isEmpty {
                try output.write(contentsOf: data)
                total += data.count
                if Date().timeIntervalSince(lastReport) >= 0.1 {
                    lastReport = Date()
                    progress(total)
                }
            }
            try output.synchronize()
        } catch {
            throw StatusBatchError.usage("\(path): cannot copy \(name) into the job folder: \(error.localizedDescription); nothing was sent")
        }
        progress(total)
        return total
    }
}
