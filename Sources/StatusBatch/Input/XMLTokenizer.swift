/// A streaming tokenizer for the XML of a workbook's parts: fed bytes in chunks of any size, it reports start
/// tags (local name, without a namespace prefix, and attributes), end tags and text with entities decoded.
/// Declarations, comments and DOCTYPE are skipped, CDATA is text. Not a validating parser: enough for
/// SpreadsheetML as Excel, LibreOffice, openpyxl and XlsxWriter write it. Memory: one tag or one text run.
struct XMLTokenizer {
    enum Event {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    /// Bytes not yet made into events (an unfinished tag or text run).
    private var pending: [UInt8] = []

    /// Tokenizes `bytes` after what came before, handing each complete event to `handle`.
    mutating func feed(_ bytes: [UInt8], _ handle: (Event) throws -> Void) throws {
        pending += bytes
        var index = 0
        defer { pending.removeFirst(index) }
        while index < pending.count {
            if pending[index] != UInt8(ascii: "<") {
                guard let end = pending[index...].firstIndex(of: UInt8(ascii: "<")) else { return }
                try handle(.text(Self.decode(pending[index..<end])))
                index = end
                continue
            }
            guard let (event, next) = try tag(at: index) else { return }
            if let event { try handle(event) }
            index = next
        }
    }

    /// Ends the input: text after the last tag is handed out; an unfinished tag is an error.
    mutating func finish(_ handle: (Event) throws -> Void) throws {
        if pending.first == UInt8(ascii: "<") { throw XMLError("the XML ends inside a tag") }
        if !pending.isEmpty { try handle(.text(Self.decode(pending[...]))) }
        pending = []
    }

    /// The tag starting at `start` and the index after it; nil when it is not complete yet (an event of nil: skipped).
    private func tag(at start: Int) throws -> (Event?, Int)? {
        let bytes = pending
        func find(_ marker: String, from: Int) -> Int? {
            let needle = Array(marker.utf8)
            guard bytes.count >= needle.count else { return nil }
            var index = from
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0] && Array(bytes[index..<index + needle.count]) == needle { return index }
                index += 1
            }
            return nil
        }
        if bytes[start...].starts(with: Array("<!--".utf8)) {
            return find("-->", from: start + 4).map { (nil, $0 + 3) }
        }
        if bytes[start...].starts(with: Array("<![CDATA[".utf8)) {
            return find("]]>", from: start + 9).map { (.text(String(decoding: bytes[start + 9..<$0], as: UTF8.self)), $0 + 3) }
        }
        // The closing '>' outside quoted attribute values.
        var index = start + 1
        var quote: UInt8?
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let body = bytes[(start + 1)..<index]
        let next = index + 1
        guard let first = body.first else { throw XMLError("an empty tag") }
        if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { return (nil, next) }
        if first == UInt8(ascii: "/") { return (.end(name: Self.localName(body.dropFirst())), next) }
        let selfClosing = body.last == UInt8(ascii: "/")
        let inner = selfClosing ? body.dropLast() : body
        let nameEnd = inner.firstIndex { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 } ?? inner.endIndex
        return (.start(name: Self.localName(inner[inner.startIndex..<nameEnd]),
                       attributes: try Self.attributes(inner[nameEnd...]), selfClosing: selfClosing), next)
    }

    /// A name without its namespace prefix (`x:row` → `row`).
    private static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        let trimmed = bytes.filter { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }
        let local = trimmed.lastIndex(of: UInt8(ascii: ":")).map { Array(trimmed[($0 + 1)...]) } ?? trimmed
        return String(decoding: local, as: UTF8.self)
    }

    /// `name="value"` pairs (either quote), names without a prefix, values decoded.
    private static func attributes(_ bytes: ArraySlice<UInt8>) throws -> [String: String] {
        var result: [String: String] = [:]
        var index = bytes.startIndex
        while index < bytes.endIndex {
            while index < bytes.endIndex && [32, 9, 10, 13].contains(bytes[index]) { index += 1 }
            guard index < bytes.endIndex else { break }
            guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")), equals + 1 < bytes.endIndex else {
                throw XMLError("an attribute without a value")
            }
            let quote = bytes[equals + 1]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
                  let close = bytes[(equals + 2)...].firstIndex(of: quote) else { throw XMLError("an unquoted attribute") }
            result[localName(bytes[index..<equals])] = decode(bytes[(equals + 2)..<close])
            index = close + 1
        }
        return result
    }

    /// Text with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric references decoded.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            var scalar: UInt32?
            switch name {
            case "amp": scalar = 0x26
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            default:
                if name.hasPrefix("#x") { scalar = UInt32(name.dropFirst(2), radix: 16) } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst())
                }
            }
            if let scalar, Unicode.Scalar(scalar) != nil {
                TranscodedChunks.appendUTF8(scalar, to: &out)
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// XML a workbook part holds that cannot be read.
struct XMLError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
