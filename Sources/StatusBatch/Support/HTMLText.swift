/// Text for HTML and SVG: escaping and number formatting that does not depend on the locale.
public enum HTMLText {
    /// `text` with the five HTML-special characters escaped (safe in element content and quoted attributes).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// An integer with thousands separators: 1234567 → "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A number with at most `decimals` decimals and no trailing zeros: 12.50 → "12.5", 3.0 → "3".
    public static func decimal(_ value: Double, decimals: Int = 1, grouping: Bool = true) -> String {
        if value < 0 { return "-" + decimal(-value, decimals: decimals, grouping: grouping) }
        func group(_ number: Int) -> String { grouping ? grouped(number) : String(number) }
        let scale = (0..<decimals).reduce(1.0) { result, _ in result * 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() && rounded < 1e15 { return group(Int(rounded)) }
        var text = String(rounded)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > decimals + 1 {
            text = String(text[..<text.index(dot, offsetBy: decimals + 1)])
        }
        let whole = text.split(separator: ".").first.map(String.init) ?? text
        let fraction = text.split(separator: ".").dropFirst().first.map { "." + $0 } ?? ""
        return (Int(whole).map { group($0) } ?? whole) + fraction
    }
}
