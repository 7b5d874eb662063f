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

    /// True when the field contains the delimiter, a quote or a line break, or starts or ends with a space.
    static func needsQuotes(_ field: String, delimiter: Character) -> Bool {
        let utf8 = field.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == 0x20 || last == 0x20 { return true }
        guard let mark = delimiter.asciiValue else {
            return field.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        }
        // Bytes, not Characters: every byte that matters is ASCII, and grapheme breaking was the hot spot of ingest.
        return utf8.contains { $0 == mark || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
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
