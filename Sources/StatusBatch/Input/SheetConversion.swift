import Foundation

/// A workbook's sheet turned into a temporary CSV file that `InputReader` reads like any other: each line is the
/// sheet's row number followed by the row's cells, padded to the header's width (Excel leaves trailing empty
/// cells out). The file (mode 0600, in the system's temporary folder) is removed when this is released. The
/// fingerprint is of the workbook as given.
final class SheetConversion {
    let csvPath: String
    let sheetName: String
    let fingerprint: (size: Int, sha256: String)

    /// True when `path` starts like a ZIP archive (an .xlsx workbook is one).
    static func isWorkbook(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)).map { [UInt8]($0) } == [0x50, 0x4B, 0x03, 0x04]
    }

    init(path: String, sheet: String?) throws {
        fingerprint = try ByteSource.sizeAndDigest(path: path)
        let workbook = try XLSXWorkbook(path: path, sheet: sheet)
        sheetName = workbook.sheetName
        csvPath = FileManager.default.temporaryDirectory.appendingPathComponent("statusbatch-sheet-\(UUID().uuidString).csv").path
        let descriptor = open(csvPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw StatusBatchError.usage("\(csvPath): cannot write the sheet's rows: \(String(cString: strerror(errno)))")
        }
        let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var buffer: [UInt8] = []
        var width: Int?
        do {
            try workbook.rows { number, cells in
                let fields = cells + Array(repeating: "", count: max(0, (width ?? 0) - cells.count))
                if width == nil { width = cells.count }
                buffer.append(contentsOf: CSVLine.encode([String(number)] + fields).utf8)
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    try output.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try output.write(contentsOf: buffer)
        } catch {
            try? FileManager.default.removeItem(atPath: csvPath)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: csvPath) }
}
