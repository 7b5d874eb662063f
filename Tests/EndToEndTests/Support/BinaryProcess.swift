import Foundation

/// Runs the real `statusbatch` binary built next to the test bundle.
enum BinaryProcess {
    /// The package root, found from this file's path.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The built `statusbatch` executable: beside the test bundle, else in .build/debug.
    static let executable: String = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("statusbatch").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("statusbatch").path,
            packageRoot.appendingPathComponent(".build/debug/statusbatch").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[candidates.count - 1]
    }()

    /// A finished run: exit status and what it printed.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts the binary; standard output and error go to files in `directory`.
    static func start(_ arguments: [String], environment: [String: String] = [:], in directory: URL) throws -> RunningBinary {
        try startProgram(executable, arguments, environment: environment, in: directory)
    }

    /// Starts any program without the caller's Capillary credentials, plus `environment`;
    /// standard output and error go to files in `directory`.
    static func startProgram(_ program: String, _ arguments: [String], environment: [String: String],
                             in directory: URL) throws -> RunningBinary {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("CAPILLARY_") { env.removeValue(forKey: key) }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.currentDirectoryURL = directory
        let name = UUID().uuidString
        let out = directory.appendingPathComponent("\(name).out")
        let err = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return RunningBinary(process: process, stdoutPath: out, stderrPath: err)
    }

    /// Runs the binary to completion (killing it after `timeout` seconds).
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL,
                    timeout: Double = 120) throws -> Outcome {
        try start(arguments, environment: environment, in: directory).wait(timeout: timeout)
    }
}

/// A started binary.
struct RunningBinary {
    let process: Process
    let stdoutPath: URL
    let stderrPath: URL

    /// Waits for exit (SIGKILL after `timeout`) and collects the output.
    func wait(timeout: Double = 120) -> BinaryProcess.Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return BinaryProcess.Outcome(status: process.terminationStatus, stdout: read(stdoutPath), stderr: read(stderrPath))
    }

    /// Sends a signal.
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Standard output so far.
    var stdoutSoFar: String { read(stdoutPath) }

    private func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
}
