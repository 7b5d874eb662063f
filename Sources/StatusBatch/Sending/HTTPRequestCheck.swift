/// Whether a request may go on the wire as bytes: the checks swift-nio's request encoder and header validator
/// made (RFC 9110 and 9112), which `HTTP1RequestWriter` bypasses. A request failing them could split into two
/// or smuggle a header; it is refused before anything is written.
enum HTTPRequestCheck {
    /// Why `request` cannot be sent to `target` (nil: it can).
    static func problem(with request: CapillaryRequest, target: HTTPTarget) -> String? {
        if request.method.isEmpty || !request.method.utf8.allSatisfy(isTokenByte) {
            return "the method \"\(request.method)\" is not a valid token"
        }
        if !target.requestTarget.utf8.allSatisfy(isTargetByte) {
            return "the URL's path or query has a character a request target cannot carry (a space, a control character, non-ASCII or one of \" < > \\ ^ ` { | })"
        }
        if !target.origin.hostHeader.utf8.allSatisfy(isHostByte) {
            return "the URL's host has a character a Host header cannot carry"
        }
        for header in request.headers {
            if header.name.isEmpty || !header.name.utf8.allSatisfy(isTokenByte) {
                return "the header name \"\(header.name)\" is not a valid token"
            }
            if !header.value.utf8.allSatisfy(isValueByte) {
                return "the value of the \(header.name) header has a line break or another control character"
            }
        }
        return nil
    }

    /// `tchar`: letters, digits and ! # $ % & ' * + - . ^ _ ` | ~.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    /// An origin-form target's characters: unreserved, percent signs, sub-delims, `:`, `@`, `/` and `?`.
    static func isTargetByte(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || "-._~%!$&'()*+,;=:@/?".utf8.contains(byte)
    }

    /// An ASCII letter or digit.
    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A host name, an IPv4 address or a bracketed IPv6 one, with a port.
    static func isHostByte(_ byte: UInt8) -> Bool {
        isTargetByte(byte) || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
    }

    /// A field value: visible characters, spaces and tabs, and bytes of UTF-8 (obs-text); no other control.
    static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }
}
