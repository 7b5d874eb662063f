/// The text encoding of an input file (`--encoding`). UTF-8 is the default; a byte-order mark always wins (UTF-8,
/// UTF-16 LE or BE), so `utf-16` names the byte order only for a file without one (little-endian, as Windows writes).
public enum InputEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"

    /// The encoding a byte-order mark at the start of `prefix` names, and the mark's length.
    static func byteOrderMark(_ prefix: [UInt8]) -> (encoding: InputEncoding, length: Int)? {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if prefix.starts(with: [0xFF, 0xFE]) { return (.utf16le, 2) }
        if prefix.starts(with: [0xFE, 0xFF]) { return (.utf16be, 2) }
        return nil
    }
}
