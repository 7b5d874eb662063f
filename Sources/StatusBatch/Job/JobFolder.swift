import Foundation

/// A job folder only its owner may enter: the job database and every report in it name customers. A missing
/// folder is created `0700`; an existing one (`--workdir`, or a pre-created `<input>.statusbatch`) is refused
/// when another user owns it or group or others may write to it, instead of being trusted.
public enum JobFolder {
    /// Creates `path` (and missing parents) `0700`, or checks the one that is there.
    public static func prepare(_ path: String) throws {
        var info = stat()
        if stat(path, &info) != 0 && errno == ENOENT {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StatusBatchError.usage("\(path): cannot create the job folder: \(error.localizedDescription)")
            }
            return
        }
        try checkPrivate(path)
    }

    /// Refuses `path` unless it is a folder the current user owns that group and others cannot write to.
    public static func checkPrivate(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StatusBatchError.usage("\(path): cannot read the job folder: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw StatusBatchError.usage("\(path): the job folder is not a folder")
        }
        guard info.st_uid == geteuid() else {
            throw StatusBatchError.usage(
                "\(path): the job folder belongs to another user (uid \(info.st_uid)), so its job cannot be trusted; use a folder of your own (--workdir DIR)")
        }
        let mode = info.st_mode & 0o7777
        guard mode & 0o022 == 0 else {
            throw StatusBatchError.usage(
                "\(path): the job folder may be written by \(mode & 0o020 != 0 ? "its group" : "others") (mode \(String(mode, radix: 8))), so its job cannot be trusted; run chmod 700 \(ShellWords.quote(path)) or use another folder (--workdir DIR)")
        }
    }
}
