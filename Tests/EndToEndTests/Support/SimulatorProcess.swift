import Foundation

/// `statusbatch simulator` started as its own process on a free loopback port, with a request log.
final class SimulatorProcess {
    let running: RunningBinary
    let baseURL: String
    let logPath: URL

    /// Starts the simulator with `arguments` (e.g. `--sim-require-auth`) and waits until it listens.
    init(in directory: URL, arguments: [String] = [], environment: [String: String] = [:]) throws {
        logPath = directory.appendingPathComponent("simulator-\(UUID().uuidString).jsonl")
        running = try BinaryProcess.start(["simulator", "--port", "0", "--sim-log", logPath.path] + arguments,
                                          environment: environment, in: directory)
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil && Date() < deadline && running.process.isRunning {
            if let line = running.stdoutSoFar.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                found = String(line.dropFirst("listening on ".count))
            } else {
                usleep(20_000)
            }
        }
        guard let found else {
            running.signal(SIGKILL)
            throw SimulatorStartError(output: running.wait(timeout: 5).stderr)
        }
        baseURL = found
    }

    deinit { stop() }

    /// Stops the simulator (SIGTERM, then SIGKILL).
    func stop() {
        guard running.process.isRunning else { return }
        running.signal(SIGTERM)
        _ = running.wait(timeout: 5)
    }

    /// Every logged request, parsed.
    func requests() -> [[String: Any]] {
        guard let text = try? String(contentsOf: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// identifierValue -> number of 2xx answers to status updates.
    func successesPerIdentifier() -> [String: Int] {
        var counts: [String: Int] = [:]
        for request in requests() where (request["status"] as? Int).map({ (200...299).contains($0) }) == true
            && request["path"] as? String == "/v2/customers/lookup/status" {
            counts[request["identifierValue"] as? String ?? "", default: 0] += 1
        }
        return counts
    }
}

extension SimulatorProcess {
    /// identifierValue -> number of status updates the simulator applied (recorded in the customer's history),
    /// whether or not the answer reached the client.
    func appliedPerIdentifier() -> [String: Int] {
        var counts: [String: Int] = [:]
        for request in requests() where request["applied"] as? Bool == true {
            counts[request["identifierValue"] as? String ?? "", default: 0] += 1
        }
        return counts
    }

    /// identifierValue -> the label of the last update applied for it.
    func lastAppliedLabels() -> [String: String] {
        var labels: [String: String] = [:]
        for request in requests() where request["applied"] as? Bool == true {
            labels[request["identifierValue"] as? String ?? ""] = (request["body"] as? [String: Any])?["label"] as? String
        }
        return labels
    }
}

struct SimulatorStartError: Error, CustomStringConvertible {
    let output: String
    var description: String { "simulator did not start: \(output)" }
}
