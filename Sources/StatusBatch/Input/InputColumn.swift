/// The columns StatusBatch understands in an input file.
public enum InputColumn: String, CaseIterable, Sendable {
    case identifierName, identifierValue, label, reason, source, accountId, createdOn

    /// The column a header cell names (case-insensitive, spaces, `_` and `-` ignored), if any.
    public static func named(_ header: String) -> InputColumn? {
        let folded = fold(header)
        return allCases.first { fold($0.rawValue) == folded }
    }

    /// Lower-cases and drops separators so `Identifier Value`, `identifier_value` and `identifierValue` match.
    static func fold(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" }.map(Character.init))
            .trimmingCharactersInSet()
    }
}

extension String {
    /// The string without leading and trailing white space (spaces, tabs, line breaks).
    func trimmingCharactersInSet() -> String {
        // Fast path: printable ASCII at both ends means there is nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
