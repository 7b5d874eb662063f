import Foundation

/// An exclusive OS lock on a job folder: one runner per job. The kernel drops it when the process
/// dies, so there is never a stale lock to clean up.
public final class JobLock {
    private let descriptor: Int32

    /// Takes the lock or throws at once when another process holds it. A symbolic link in the lock's place is
    /// not followed (it could point anywhere).
    public init(directory: String) throws {
        let path = directory + "/job.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw StatusBatchError.usage("\(path): cannot open the job lock: \(reason)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StatusBatchError.usage(
                "\(directory): another statusbatch process is running this job; wait for it or stop it first")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    /// Whether some process holds the lock of `directory` now, and its pid as it wrote it.
    public static func holder(of directory: String) -> (held: Bool, pid: String?) {
        let path = directory + "/job.lock"
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return (false, nil) }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return (false, nil)
        }
        let pid = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharactersInSet()
        return (true, pid)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
