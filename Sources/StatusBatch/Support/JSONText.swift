/// Writes small JSON values by hand: stable key order and no Foundation round trip on hot paths.
public enum JSONText {
    /// A JSON string literal for `text`.
    public static func string(_ text: String) -> String {
        // Most values need no escaping: check the bytes once instead of walking scalars.
        if isPlain(text) { return "\"" + text + "\"" }
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Appends `text` as a JSON string literal to `out`.
    public static func append(_ text: String, to out: inout [UInt8]) {
        if isPlain(text) {
            out.append(0x22); UTF8Bytes.append(text, to: &out); out.append(0x22)
        } else {
            out.append(contentsOf: string(text).utf8)
        }
    }

    /// True when `text` needs no escaping (no control character, quote or backslash).
    private static func isPlain(_ text: String) -> Bool {
        !UTF8Bytes.contains(text) { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }

    /// A JSON object of string values, keys in the given order.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + string($0.1) }.joined(separator: ",") + "}"
    }
}
