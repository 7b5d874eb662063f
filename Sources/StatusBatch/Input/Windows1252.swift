/// Windows-1252, the code page Excel's "CSV" uses on most Windows machines: bytes 0x80–0x9F are printable
/// characters (€, „, ’ …), 0xA0–0xFF are Latin-1. The five bytes it leaves undefined map to the C1 controls, as
/// browsers do.
enum Windows1252 {
    /// The Unicode scalars of bytes 0x80–0xFF.
    static let scalars: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ] + (0xA0...0xFF).map { UInt32($0) }

    /// What a rejection for invalid UTF-8 adds when the bytes read as Windows-1252 text; nil when they do not.
    static func hint(_ bytes: [UInt8]) -> String? {
        text(bytes).map { " (read as Windows-1252 it is '\($0.prefix(60))': if the file was saved as Windows-1252, run with --encoding windows-1252)" }
    }

    /// The bytes read as Windows-1252 text when every byte above 0x7F is one of its printable characters (the
    /// hint that an invalid UTF-8 field comes from a Windows-1252 file); nil otherwise.
    static func text(_ bytes: [UInt8]) -> String? {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : Self.scalars[Int(byte) - 0x80]
            guard value >= 0xA0 || value < 0x80, let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
