import Foundation
@testable import StatusBatch

/// A fresh folder under the system temporary directory, named with a UUID; call `remove()` when done.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("StatusBatchTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder (not created).
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// Writes the UTF-8 of `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    /// Reads a file in the folder as UTF-8 text.
    func read(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path(name))), as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a fresh temporary folder that is removed afterwards, even when `body` throws.
func withTempDir<T>(_ body: (TempDir) throws -> T) throws -> T {
    let dir = try TempDir()
    defer { dir.remove() }
    return try body(dir)
}

/// Every record of a delimited file, read through `ByteSource` with the given chunk size.
func parseCSV(path: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 256 * 1024) throws -> [CSVRecord] {
    let parser = CSVParser(source: try ByteSource(path: path, chunkSize: chunkSize), delimiter: delimiter)
    var records: [CSVRecord] = []
    while let record = try parser.next() { records.append(record) }
    return records
}

/// Every record `InputReader` yields for `path`.
func readAll(_ reader: InputReader) throws -> [IngestedRecord] {
    var records: [IngestedRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// A valid mobile-number update with fixed label and reason.
func mobileUpdate(_ value: String, label: String = "VIP", reason: String = "Quarterly review") -> CustomerUpdate {
    CustomerUpdate(identifierName: "mobile", identifierValue: value, label: label, reason: reason, source: "INSTORE")
}

/// An ingested record for the store: valid unless `rejection` is given.
func ingested(line: Int, _ update: CustomerUpdate, rejection: String? = nil) -> IngestedRecord {
    IngestedRecord(line: line, raw: CSVLine.encode([update.identifierName, update.identifierValue, update.label,
                                                    update.reason]),
                   update: update, rejection: rejection)
}

/// True when two doubles agree to within `tolerance` (for sums of binary fractions such as 0.1).
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool { abs(a - b) <= tolerance }
