/// Encodes fields as one RFC 4180 line (quoting only where needed).
public enum CSVLine {
    /// The fields joined by `delimiter`, each quoted when it contains the delimiter, a quote or a line break.
    public static func encode(_ fields: [String], delimiter: Character = ",") -> String {
        fields.map { quoteIfNeeded($0, delimiter: delimiter) }.joined(separator: String(delimiter))
    }

    /// One field, quoted with doubled inner quotes when it needs to be.
    public static func quoteIfNeeded(_ field: String, delimiter: Character = ",") -> String {
        guard needsQuotes(field, delimiter: delimiter) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Appends the fields as one comma-separated line to `out`, each made spreadsheet-safe first when
    /// `neutralizing`; the same bytes as `encode(fields.map(SpreadsheetSafety.neutralize))`.
    public static func append(_ fields: [String], neutralizing: Bool, to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendField(field, neutralizing: neutralizing, to: &out)
        }
    }

    /// Appends one field of a comma-separated line (quoted when it needs to be; spreadsheet-safe first
    /// when `neutralizing`), without a separator.
    @inline(__always)
    static func appendField(_ field: String, neutralizing: Bool, to out: inout [UInt8]) {
        let done: Void? = field.utf8.withContiguousStorageIfAvailable {
            appendField(bytes: $0, neutralizing: neutralizing, to: &out)
        }
        if done == nil { Array(field.utf8).withUnsafeBufferPointer { appendField(bytes: $0, neutralizing: neutralizing, to: &out) } }
    }

    /// `appendField` on the field's bytes, in one pass over them: the neutralizing quote (which never starts
    /// with a space) changes nothing about whether the field needs quotes.
    static func appendField(bytes: UnsafeBufferPointer<UInt8>, neutralizing: Bool, to out: inout [UInt8]) {
        guard let first = bytes.first, let last = bytes.last else { return }
        let quote = neutralizing && SpreadsheetSafety.isTrigger(first)
        var quoted = first == 0x20 || last == 0x20
        if !quoted {
            for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                quoted = true
                break
            }
        }
        if quoted { out.append(0x22) }
        if quote { out.append(0x27) }
        if quoted {
            for byte in bytes {
                out.append(byte)
                if byte == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: bytes)
        }
    }

    /// True when the field contains the delimiter, a quote or a line break, or starts or ends with a space.
    static func needsQuotes(_ field: String, delimiter: Character) -> Bool {
        guard let mark = delimiter.asciiValue else {
            return field.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                || field.first == " " || field.last == " "
        }
        return needsQuotes(field, delimiterByte: mark)
    }

    /// `needsQuotes` for an ASCII delimiter, on bytes: every byte that matters is ASCII, and walking
    /// Characters (grapheme breaking) was the hot spot of ingest and reports.
    static func needsQuotes(_ field: String, delimiterByte mark: UInt8) -> Bool {
        let utf8 = field.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == 0x20 || last == 0x20 { return true }
        return UTF8Bytes.contains(field) { $0 == mark || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        out.reserveCapacity(count + 8)
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
