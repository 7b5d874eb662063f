import Foundation

/// Streams a JSON Lines file: one object per line, blank lines ignored.
public final class JSONLParser {
    /// One line's object as key/value text pairs in the line's own order, or why it cannot be read.
    public struct Record: Sendable {
        public var line: Int
        public var text: String
        public var pairs: [(key: String, value: String)]
        public var problem: String?
        /// True when the line is not UTF-8 but reads as Windows-1252 text.
        public var readsAsWindows1252 = false
    }

    private let source: ByteSource
    private var line = 0

    public init(source: ByteSource) { self.source = source }

    /// The next non-blank line, parsed, or nil at the end of the file.
    public func next() throws -> Record? {
        var bytes: [UInt8] = []
        while true {
            bytes.removeAll(keepingCapacity: true)
            var sawAnything = false
            while let byte = try source.next() {
                sawAnything = true
                if byte == UInt8(ascii: "\n") { break }
                bytes.append(byte)
            }
            guard sawAnything else { return nil }
            line += 1
            if line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            return parse(bytes)
        }
    }

    /// A JSON number as text: integral values without a fraction (`919800000000.0` is `919800000000`);
    /// nil for booleans, which Foundation also hands out as numbers.
    static func text(of number: NSNumber) -> String? {
        let type = String(cString: number.objCType)
        if type == "c" || type == "B" { return nil }
        if type == "d" || type == "f" {
            let value = number.doubleValue
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        }
        return number.stringValue
    }

    private func parse(_ bytes: [UInt8]) -> Record {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let hint = Windows1252.hint(bytes)
            return Record(line: line, text: String(decoding: bytes, as: UTF8.self), pairs: [], problem: "not valid UTF-8" + (hint ?? ""),
                          readsAsWindows1252: hint != nil)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            return Record(line: line, text: text, pairs: [], problem: "not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            return Record(line: line, text: text, pairs: [], problem: "each line must be a JSON object")
        }
        var pairs: [(key: String, value: String)] = []
        var problem: String?
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            switch value {
            case let string as String: pairs.append((key, string))
            case is NSNull: continue
            case let number as NSNumber:
                guard let text = JSONLParser.text(of: number) else {
                    if problem == nil { problem = "field '\(key)' must be a string or a number" }
                    continue
                }
                pairs.append((key, text))
            default: if problem == nil { problem = "field '\(key)' must be a string or a number" }
            }
        }
        return Record(line: line, text: text, pairs: pairs, problem: problem)
    }
}
