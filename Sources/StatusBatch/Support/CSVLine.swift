/// Encodes fields as one RFC 4180 line (quoting only where needed).
public enum CSVLine {
    /// The fields joined by `delimiter`, each quoted when it contains the delimiter, a quote or a line break.
    public static func encode(_ fields: [String], delimiter: Character = ",") -> String {
        fields.map { quoteIfNeeded($0, delimiter: delimiter) }.joined(separator: String(delimiter))
    }

    /// One field, quoted with doubled inner quotes when it needs to be.
    public static func quoteIfNeeded(_ field: String, delimiter: Character = ",") -> String {
        let needsQuotes = field.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
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
