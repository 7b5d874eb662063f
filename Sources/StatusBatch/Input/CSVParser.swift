/// One record of a delimited file: its fields, the physical line it starts on, and what was wrong with it.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    public var line: Int
    public var problem: String?
    /// True when a field is not UTF-8 but reads as Windows-1252 text (the file's encoding is probably that).
    public var readsAsWindows1252 = false
}

/// A streaming RFC 4180 parser: quoted fields, `""` escapes, line breaks inside quotes,
/// CRLF, LF or CR line ends, a UTF-8 byte-order mark. Blank lines are skipped.
public final class CSVParser {
    /// A field longer than this is cut and its record rejected, so a stray quote cannot eat memory.
    public static let maxFieldBytes = 1 << 20

    private let source: ByteSource
    public let delimiter: UInt8
    private var line = 1
    private var started = false

    public init(source: ByteSource, delimiter: UInt8) {
        self.source = source
        self.delimiter = delimiter
    }

    /// The next record, or nil at the end of the input.
    public func next() throws -> CSVRecord? {
        if !started {
            started = true
            if try source.peekPrefix(3) == [0xEF, 0xBB, 0xBF] { for _ in 0..<3 { _ = try source.next() } }
        }
        while true {
            guard try source.peek() != nil else { return nil }
            let record = try readRecord()
            if record.fields.count == 1 && record.fields[0].isEmpty && record.problem == nil { continue }
            return record
        }
    }

    private func readRecord() throws -> CSVRecord {
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var problem: String?
        var quoted = false
        var inQuotes = false
        var afterClosingQuote = false
        var readsAsWindows1252 = false

        func note(_ text: String) { if problem == nil { problem = text } }
        func finishField() {
            // Most fields are ASCII, which is valid UTF-8: decoding them skips the generic validating initialiser
            // (it looked up type metadata for every field, a twentieth of an ingest's parsing thread).
            if !field.contains(where: { $0 >= 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                let hint = Windows1252.hint(field)
                if hint != nil { readsAsWindows1252 = true }
                note("column \(fields.count + 1): not valid UTF-8" + (hint ?? ""))
                fields.append(String(decoding: field, as: UTF8.self))
            }
            field.removeAll(keepingCapacity: true)
            quoted = false; afterClosingQuote = false
        }
        func append(_ byte: UInt8) {
            if field.count < CSVParser.maxFieldBytes { field.append(byte) } else {
                note("column \(fields.count + 1): field longer than \(CSVParser.maxFieldBytes) bytes")
            }
        }

        let delimiter = self.delimiter
        while true {
            if !inQuotes && !afterClosingQuote {
                // Most bytes are ordinary: copy each run of them at once.
                _ = source.takeRun(into: &field, limit: CSVParser.maxFieldBytes - field.count) { byte in
                    byte == delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D
                }
            }
            guard let byte = try source.next() else { break }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if try source.peek() == UInt8(ascii: "\"") { _ = try source.next(); append(byte) } else {
                        inQuotes = false; afterClosingQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    else if byte == UInt8(ascii: "\r"), try source.peek() != UInt8(ascii: "\n") { line += 1 }
                    append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                finishField()
            case UInt8(ascii: "\n"):
                line += 1
                finishField()
                return CSVRecord(fields: fields, line: startLine, problem: problem, readsAsWindows1252: readsAsWindows1252)
            case UInt8(ascii: "\r"):
                if try source.peek() == UInt8(ascii: "\n") { _ = try source.next() }
                line += 1
                finishField()
                return CSVRecord(fields: fields, line: startLine, problem: problem, readsAsWindows1252: readsAsWindows1252)
            case UInt8(ascii: "\""):
                if field.isEmpty && !quoted {
                    quoted = true; inQuotes = true
                } else if afterClosingQuote {
                    note("column \(fields.count + 1): a quote inside a quoted field must be doubled (\"\")")
                    append(byte)
                } else {
                    append(byte) // a lone quote inside an unquoted field is kept as text
                }
            default:
                if afterClosingQuote { note("column \(fields.count + 1): text after the closing quote") }
                append(byte)
            }
        }
        if inQuotes { note("column \(fields.count + 1): quoted field opened on line \(startLine) is never closed") }
        finishField()
        return CSVRecord(fields: fields, line: startLine, problem: problem, readsAsWindows1252: readsAsWindows1252)
    }

    /// The delimiter that occurs most often outside quotes in `headerLine` (`,` when none does).
    public static func detectDelimiter(headerLine: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for byte in headerLine {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else {
            return UInt8(ascii: ",")
        }
        return candidates[best]
    }
}
