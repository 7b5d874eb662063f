import Foundation
import Testing
@testable import CapillarySimulator

/// SimulatedRequest and PercentDecoding: header lookup, query parsing, `%XX` decoding as UTF-8.
@Suite("SimulatedRequest")
struct SimulatedRequestTests {
    @Test("header(_:) finds the first header of that name, case-insensitively")
    func header() {
        let request = Sim.request(headers: [("Content-Type", "application/json"), ("X-A", "1"), ("x-a", "2")])
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("X-A") == "1")
        #expect(request.header("x-A") == "1")
        #expect(request.header("Authorization") == nil)
    }

    @Test("query splits on & and the first =, keeping = inside values")
    func querySplitting() {
        let request = Sim.request(rawQuery: "a=1&b=x=y&c=&d&&e=5")
        #expect(request.query == ["a": "1", "b": "x=y", "c": "", "d": "", "e": "5"])
    }

    @Test("an empty raw query has no parameters")
    func emptyQuery() {
        #expect(Sim.request(rawQuery: "").query.isEmpty)
    }

    @Test("a repeated key keeps the last value")
    func repeatedKey() {
        #expect(Sim.request(rawQuery: "a=1&a=2").query["a"] == "2")
    }

    @Test("query values and keys are percent-decoded; + stays a literal plus", arguments: [
        ("%2B919800000001", "+919800000001"),
        ("+919800000001", "+919800000001"),
        ("a%40b.com", "a@b.com"),
        ("m%C3%BCller", "müller"),
        ("%c3%bc", "ü"),
        ("a%20b", "a b"),
        ("%E4%B8%AD%E6%96%87", "中文"),
        ("%F0%9F%98%80", "😀"),
        ("plain", "plain"),
        ("%25", "%"),
        ("%2525", "%25"),
        ("50%", "50%"),
    ])
    func decoding(encoded: String, decoded: String) {
        #expect(PercentDecoding.decode(encoded) == decoded)
        #expect(Sim.request(rawQuery: "k=\(encoded)").query["k"] == decoded)
    }

    @Test("keys are decoded too")
    func decodedKeys() {
        #expect(Sim.request(rawQuery: "identifier%4Eame=mobile").query["identifierName"] == "mobile")
    }

    @Test("an encoded & or = inside a value does not split it")
    func encodedSeparators() {
        #expect(Sim.request(rawQuery: "a=x%26b%3Dy&b=2").query == ["a": "x&b=y", "b": "2"])
    }

    @Test("invalid UTF-8 after decoding becomes the replacement character")
    func invalidUTF8() {
        #expect(PercentDecoding.decode("a%FFb") == "a\u{FFFD}b")
    }

    @Test("a malformed escape is kept as written",
          arguments: [("100%zz", "100%zz"), ("%4", "%4"), ("%%41", "%A"), ("%+4x", "%+4x")])
    func malformedEscape(encoded: String, expected: String) {
        #expect(PercentDecoding.decode(encoded) == expected)
    }
}
