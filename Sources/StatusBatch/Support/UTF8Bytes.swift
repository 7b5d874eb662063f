/// Byte-level helpers for the report writers, which handle every row of a job: native Swift strings
/// are contiguous UTF-8, so these run over a pointer instead of the generic `utf8` view.
enum UTF8Bytes {
    /// Appends the UTF-8 of `text` to `out` (a copy of the string's storage when it is contiguous).
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { out.append(contentsOf: $0) }
        if copied == nil { out.append(contentsOf: text.utf8) }
    }

    /// Appends the UTF-8 of static text to `out`.
    @inline(__always)
    static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value` (a minus sign first when negative) without making a String.
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        guard magnitude >= 10 else { out.append(UInt8(ascii: "0") + UInt8(magnitude)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, filled from the right
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// True when some byte of `text` satisfies `test`.
    @inline(__always)
    static func contains(_ text: String, where test: (UInt8) -> Bool) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for byte in bytes where test(byte) { return true }
            return false
        }) {
            return found
        }
        for byte in text.utf8 where test(byte) { return true }
        return false
    }
}
