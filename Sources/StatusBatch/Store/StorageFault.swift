import CSQLite
import Foundation

/// Turns SQLite failures into messages an operator can act on, with the right exit status.
public enum StorageFault {
    /// The operator-facing error for `error` raised while using the job database at `path`.
    public static func describe(_ error: SQLiteError, path: String) -> StatusBatchError {
        let primary = error.code & 0xFF
        if error.systemErrno == ELOOP {
            return StatusBatchError(.usageError,
                "\(path): is a symbolic link, and a job database is never opened through one (it could point anywhere); remove the link or choose another --workdir")
        }
        if primary == SQLITE_FULL || primary == SQLITE_IOERR, let shortage = spaceShortage(near: path) {
            return StatusBatchError(.stoppedEarly,
                "\(path): \(shortage) (\(error.message)); make room and run the same command again to resume")
        }
        switch error.code & 0xFF {
        case SQLITE_FULL:
            return StatusBatchError(.stoppedEarly,
                "\(path): the disk is full (\(error.message)); free some space and run the same command again to resume")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH:
            return StatusBatchError(.usageError,
                "\(path): the job folder cannot be written (\(error.message)); check its permissions or choose another --workdir")
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return StatusBatchError(.usageError,
                "\(path): the job database is damaged (\(error.message)); restore it from a backup, or start over with --restart")
        case SQLITE_IOERR:
            return StatusBatchError(.stoppedEarly,
                "\(path): input/output error on the job database (\(error.message)); check the disk and run the same command again")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return StatusBatchError(.usageError,
                "\(path): the job database is in use by another process (\(error.message))")
        default:
            return StatusBatchError(.stoppedEarly, "\(path): job database error: \(error.message)")
        }
    }

    /// Why writing near `path` may have failed for lack of room: a full file system or a file-size
    /// limit (`ulimit -f`); nil when neither applies. SQLite does not report the errno reliably.
    static func spaceShortage(near path: String) -> String? {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit) == 0 && limit.rlim_cur != rlim_t.max {
            return "a file-size limit (ulimit -f) of \(limit.rlim_cur) bytes stops the job database from growing"
        }
        var stats = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        if statvfs(directory.isEmpty ? "." : directory, &stats) == 0 {
            let free = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
            if free < 16 << 20 { return "the disk is full (\(free / 1024) KiB free)" }
        }
        return nil
    }
}
