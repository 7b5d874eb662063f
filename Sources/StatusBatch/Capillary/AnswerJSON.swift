/// A strict reader of an answer's JSON object, for the members `CapillaryAnswer` takes from it
/// (`createdId`, `errors`, `warnings`), straight from the bytes: `JSONSerialization` built a dictionary
/// of every member and boxed each value, a third of the CPU an answer cost (docs/benchmarks.md).
/// It gives up (nil) on anything it cannot read exactly as `JSONSerialization` would — a syntax error,
/// a duplicated member it reads, a number other than a plain integer or `true`/`false` where text is
/// read (`NSNumber` spells those its own way), invalid UTF-8, deep nesting — and the caller asks
/// `JSONSerialization` then, so the result never depends on which of the two read it.
struct AnswerJSON {
    /// What an answer's JSON object says, as `CapillaryAnswer` keeps it.
    struct Members: Equatable {
        var createdId: String?
        var errors: [APIMessage] = []
        var warnings: [APIMessage] = []
    }

    /// A value as far as an answer needs it.
    private enum Value {
        case text(String)
        /// A JSON number or `true`/`false`: `JSONSerialization` gives an `NSNumber`, spelled here only for
        /// plain integers (nil: another number, which makes the reader give up if it is read as text).
        case number(String?)
        case null
        case array([Value])
        case object([(String, Value)])
        /// A value the answer does not read (not kept).
        case skipped
    }

    private struct GiveUp: Error {}

    private var members = Members()
    private var bytes: ArraySlice<UInt8>
    private var index: Int
    private var depth = 0

    /// Reads `body` (its first byte `{`); nil when `JSONSerialization` has to.
    static func read(_ body: ArraySlice<UInt8>) -> Members? {
        var reader = AnswerJSON(bytes: body)
        do {
            try reader.readTopObject()
            return reader.members
        } catch {
            return nil
        }
    }

    private init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    private mutating func readTopObject() throws {
        var seen = Set<String>()
        try readObject { reader, key in
            switch key {
            case "createdId", "errors", "warnings":
                guard seen.insert(key).inserted else { throw GiveUp() }
                let value = try reader.readValue(keep: true)
                switch key {
                case "createdId": reader.members.createdId = try Self.scalarText(value)
                case "errors": reader.members.errors = try Self.messages(value)
                default: reader.members.warnings = try Self.messages(value)
                }
            default:
                _ = try reader.readValue(keep: false)
            }
        }
        skipWhitespace()
        guard index == bytes.endIndex else { throw GiveUp() }
    }

    /// `CapillaryAnswer.scalarText` on the value `JSONSerialization` would have made.
    private static func scalarText(_ value: Value) throws -> String? {
        switch value {
        case .text(let text): return text
        case .number(let spelled?): return spelled
        case .number(nil): throw GiveUp()
        default: return nil
        }
    }

    /// `CapillaryAnswer`'s messages of an `errors` or `warnings` value.
    private static func messages(_ value: Value) throws -> [APIMessage] {
        guard case .array(let items) = value else { return [] }
        return try items.compactMap { item in
            guard case .object(let members) = item else {
                return try scalarText(item).map { APIMessage(code: nil, message: $0) }
            }
            let codes = members.filter { $0.0 == "code" }, texts = members.filter { $0.0 == "message" }
            guard codes.count <= 1, texts.count <= 1 else { throw GiveUp() }
            return APIMessage(code: try codes.first.flatMap { try scalarText($0.1) },
                              message: try texts.first.flatMap { try scalarText($0.1) } ?? "")
        }
    }

    // MARK: the grammar (RFC 8259)

    private mutating func readValue(keep: Bool) throws -> Value {
        skipWhitespace()
        guard index < bytes.endIndex else { throw GiveUp() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var members: [(String, Value)] = []
            try readObject { reader, key in
                let value = try reader.readValue(keep: keep)
                if keep { members.append((key, value)) }
            }
            return keep ? .object(members) : .skipped
        case UInt8(ascii: "["):
            return try readArray(keep: keep)
        case UInt8(ascii: "\""):
            return .text(try readString())
        case UInt8(ascii: "t"): try expect("true"); return .number(nil)
        case UInt8(ascii: "f"): try expect("false"); return .number(nil)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return .number(try readNumber())
        }
    }

    /// Reads `{ "key": value, ... }`, handing each key to `member`, which reads its value.
    private mutating func readObject(_ member: (inout AnswerJSON, String) throws -> Void) throws {
        depth += 1
        guard depth <= 64 else { throw GiveUp() }
        index += 1
        skipWhitespace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { throw GiveUp() }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { throw GiveUp() }
            index += 1
            try member(&self, key)
            if try endOfList(closing: UInt8(ascii: "}")) { break }
        }
        depth -= 1
    }

    private mutating func readArray(keep: Bool) throws -> Value {
        depth += 1
        guard depth <= 64 else { throw GiveUp() }
        index += 1
        var items: [Value] = []
        skipWhitespace()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                let item = try readValue(keep: keep)
                if keep { items.append(item) }
                if try endOfList(closing: UInt8(ascii: "]")) { break }
            }
        }
        depth -= 1
        return keep ? .array(items) : .skipped
    }

    /// After a member or item: true at the closing bracket (taken), false after a comma.
    private mutating func endOfList(closing: UInt8) throws -> Bool {
        skipWhitespace()
        guard index < bytes.endIndex else { throw GiveUp() }
        let byte = bytes[index]
        index += 1
        if byte == closing { return true }
        guard byte == UInt8(ascii: ",") else { throw GiveUp() }
        return false
    }

    private mutating func readString() throws -> String {
        index += 1
        var utf8: [UInt8] = []
        var pendingHigh: UInt16?
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") {
                guard pendingHigh == nil, let text = String(validating: utf8, as: UTF8.self) else { throw GiveUp() }
                return text
            }
            guard byte >= 0x20 else { throw GiveUp() }
            guard byte == UInt8(ascii: "\\") else {
                guard pendingHigh == nil else { throw GiveUp() }
                utf8.append(byte)
                continue
            }
            guard index < bytes.endIndex else { throw GiveUp() }
            let escaped = bytes[index]
            index += 1
            if escaped == UInt8(ascii: "u") {
                let unit = try readHex4()
                if let high = pendingHigh {
                    guard (0xDC00...0xDFFF).contains(unit) else { throw GiveUp() }
                    pendingHigh = nil
                    let value = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                    guard let scalar = Unicode.Scalar(value) else { throw GiveUp() }
                    UTF8.encode(scalar) { utf8.append($0) }
                } else if (0xD800...0xDBFF).contains(unit) {
                    pendingHigh = unit
                } else {
                    guard let scalar = Unicode.Scalar(unit) else { throw GiveUp() }
                    UTF8.encode(scalar) { utf8.append($0) }
                }
                continue
            }
            guard pendingHigh == nil else { throw GiveUp() }
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            default: throw GiveUp()
            }
        }
        throw GiveUp()
    }

    private mutating func readHex4() throws -> UInt16 {
        guard bytes.endIndex - index >= 4 else { throw GiveUp() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw GiveUp()
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// A JSON number: its text when it is a plain integer of up to 18 digits (not `-0`), else nil.
    private mutating func readNumber() throws -> String? {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        skipDigits()
        let digits = index - digitsStart
        guard digits > 0, bytes[digitsStart] != UInt8(ascii: "0") || digits == 1 else { throw GiveUp() }
        var plain = true
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            plain = false
            guard try skipRequiredDigits() else { throw GiveUp() }
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            plain = false
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard try skipRequiredDigits() else { throw GiveUp() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Foundation refuses a number whose value is not a finite Double (1e400, hundreds of digits), wherever it is.
        guard plain && digits <= 18 || Double(text)?.isFinite == true else { throw GiveUp() }
        let isNegativeZero = digits == 1 && bytes[digitsStart] == UInt8(ascii: "0") && digitsStart != start
        guard plain, digits <= 18, !isNegativeZero else { return nil }
        return text
    }

    private mutating func skipDigits() {
        while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
    }

    private mutating func skipRequiredDigits() throws -> Bool {
        let start = index
        skipDigits()
        return index > start
    }

    private mutating func expect(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard bytes.endIndex - index >= count else { throw GiveUp() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw GiveUp() }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}
