import Foundation
import Testing
@testable import StatusBatch

@Suite("JSONText")
struct JSONTextTests {
    @Test("string literals read back as the text they were made from, escaped only where JSON requires")
    func roundTrip() throws {
        let texts = ["", "plain", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{08}\u{0C}\u{01}\u{1F}\u{00}",
                     "naïve – 日本 🙂", "</script>", "\u{7F}"]
        for text in texts {
            let literal = JSONText.string(text)
            let decoded = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == text, "\(literal)")
        }
        #expect(JSONText.string("a\"b\\c\nd\u{01}") == #""a\"b\\c\nd\u0001""#)
        #expect(JSONText.string("\u{1F}é") == #""\u001fé""#)
    }

    @Test("the bytes of a text are written as its string literal")
    func bytesAsLiteral() {
        let cases = [("", #""""#), ("x", #""x""#), ("tab\there", #""tab\there""#), ("\u{1B}[0m", #""\u001b[0m""#),
                     ("ünïcode \"q\"", #""ünïcode \"q\"""#), ("a\\b\r\n", #""a\\b\r\n""#)]
        for (text, literal) in cases {
            var out: [UInt8] = []
            Array(text.utf8).withUnsafeBufferPointer { JSONText.append(bytes: $0, to: &out) }
            #expect(String(decoding: out, as: UTF8.self) == literal)
        }
    }
}
