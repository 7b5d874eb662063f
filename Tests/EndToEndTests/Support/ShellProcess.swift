import Foundation

/// Runs a command line through /bin/sh (for limits such as `ulimit -f`).
enum ShellProcess {
    static func run(_ command: String, environment: [String: String] = [:], in directory: URL,
                    timeout: Double = 120) throws -> BinaryProcess.Outcome {
        try BinaryProcess.startProgram("/bin/sh", ["-c", command], environment: environment, in: directory)
            .wait(timeout: timeout)
    }
}

/// Makes a folder read-only for the current user: chmod for ordinary users, `chattr +i` for root.
enum ReadOnlyFolder {
    static let canMake: Bool = {
        guard let probe = try? JobFiles.temporaryDirectory() else { return false }
        defer { undo(probe.path); try? FileManager.default.removeItem(at: probe) }
        guard (try? make(probe.path)) != nil else { return false }
        return !FileManager.default.createFile(atPath: probe.appendingPathComponent("x").path, contents: Data())
    }()

    static func make(_ path: String) throws {
        if geteuid() == 0 {
            let outcome = try ShellProcess.run("chattr +i '\(path)'", in: FileManager.default.temporaryDirectory)
            if outcome.status != 0 { throw CocoaError(.fileWriteNoPermission) }
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: path)
        }
    }

    static func undo(_ path: String) {
        if geteuid() == 0 {
            _ = try? ShellProcess.run("chattr -i '\(path)' 2>/dev/null", in: FileManager.default.temporaryDirectory)
        } else {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }
}
