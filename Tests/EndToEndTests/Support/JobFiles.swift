import Foundation

/// Temporary folders and the job's report files.
enum JobFiles {
    /// A new empty folder under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("statusbatch-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies a file from the package's samples/ into `directory`.
    static func copySample(_ name: String, to directory: URL) throws -> URL {
        let source = BinaryProcess.packageRoot.appendingPathComponent("samples/\(name)")
        let target = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }

    /// summary.json of a job folder.
    static func summary(_ job: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: job.appendingPathComponent("summary.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Outcome counts from summary.json.
    static func outcomes(_ job: URL) throws -> [String: Int] {
        (try summary(job)["outcomes"] as? [String: Int]) ?? [:]
    }

    /// results.csv rows as dictionaries (simple split: the tests' own inputs contain no commas or quotes).
    static func results(_ job: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: job.appendingPathComponent("results.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let padded = fields + Array(repeating: "", count: max(0, header.count - fields.count))
            return Dictionary(zip(header, padded), uniquingKeysWith: { first, _ in first })
        }
    }

    /// The text of a file in the job folder.
    static func read(_ job: URL, _ name: String) throws -> String {
        try String(contentsOf: job.appendingPathComponent(name), encoding: .utf8)
    }

    /// Writes a simple CSV of `count` valid rows (mobile identifiers starting at `start`). Every value ends
    /// in 7, so none hits the simulator's test hooks (values ending 0429, 0500, 0503, 8013, 8015).
    static func writeValidCSV(_ url: URL, count: Int, start: Int = 0, label: String = "Gold") throws {
        var text = "mobile,label,reason\n"
        for i in 0..<count { text += "91\(7_000_000_000 + start + i)7,\(label),bulk test\n" }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
