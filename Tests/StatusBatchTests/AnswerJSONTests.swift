import Testing
@testable import StatusBatch

/// AnswerJSON: reads the answers the API gives without Foundation, and where it reads a document at all it
/// reads exactly what `JSONSerialization` does; what it cannot read so is left to it (nil).
@Suite("AnswerJSON")
struct AnswerJSONTests {
    static func bytes(_ text: String) -> ArraySlice<UInt8> { ArraySlice(Array(text.utf8)) }

    /// Documents the reader must read itself (the answers' usual shapes, escapes, nesting it skips).
    static let plain = [
        #"{"createdId":566881933,"warnings":[],"errors":[]}"#,
        #"{ "createdId" : "A-17", "warnings" : [ { "code" : 8069, "message" : "label unchanged" } ] }"#,
        #"{"errors":[{"code":"8015","message":"Customer not found"}],"entity":{"id":null,"n":[1,2.5,true,{"x":"y"}]}}"#,
        #"{"errors":["plain text error", 42, null], "success": false, "rate": 1e3}"#,
        #"{"warnings":[{"message":"caf\u00e9 \"quoted\" \\ \/ \b\f\n\r\t \ud83d\ude00 ü"}],"code":-12}"#,
        #"{"createdId":null,"errors":{"not":"an array"},"warnings":"neither"}"#,
        #"{}"#,
        "{\"createdId\": -7}\n",
    ]

    /// Documents it gives up on: a number or boolean read as text, duplicates it reads, bad JSON, bad UTF-8.
    static let leftToFoundation = [
        #"{"createdId":1.5}"#, #"{"createdId":1e3}"#, #"{"createdId":true}"#, #"{"createdId":-0}"#,
        #"{"createdId":1234567890123456789}"#, #"{"errors":[{"code":false,"message":"m"}]}"#,
        #"{"createdId":1,"createdId":2}"#, #"{"errors":[{"code":"1","code":"2","message":"m"}]}"#,
        #"{"createdId":01}"#, #"{"createdId":1,}"#, #"{"createdId":1} x"#, #"{"a":"\ud83d"}"#, #"{"a":"\x"}"#,
        "{\"a\":\"tab\there\"}", #"{"a":[1,2"#, #"{"a" 1}"#, #"{"a":tru}"#, #"{"a":-}"#, #"{"a":1.}"#,
        String(repeating: #"{"a":"#, count: 70) + "1" + String(repeating: "}", count: 70),
        // Numbers Foundation refuses (not a finite Double), even in members the answer does not read.
        #"{"createdId":"5","x":1e400}"#, #"{"createdId":"5","x":1"# + String(repeating: "0", count: 400) + "}",
    ]

    @Test("the answers' usual shapes are read without Foundation, and read as Foundation reads them")
    func plainDocuments() throws {
        for document in Self.plain {
            let ours = try #require(AnswerJSON.read(Self.bytes(document)), "gave up on \(document)")
            #expect(ours == CapillaryAnswer.readWithFoundation(Self.bytes(document)), "\(document)")
        }
        let read = AnswerJSON.read(Self.bytes(Self.plain[1]))
        #expect(read?.createdId == "A-17")
        #expect(read?.warnings == [APIMessage(code: "8069", message: "label unchanged")])
        #expect(AnswerJSON.read(Self.bytes(Self.plain[3]))?.errors.map(\.message) == ["plain text error", "42"])
        #expect(AnswerJSON.read(Self.bytes(Self.plain[4]))?.warnings.first?.message == "café \"quoted\" \\ / \u{8}\u{c}\n\r\t 😀 ü")
    }

    @Test("what it cannot read exactly as Foundation would is left to Foundation; parse still gives Foundation's result")
    func leftDocuments() {
        for document in Self.leftToFoundation {
            #expect(AnswerJSON.read(Self.bytes(document)) == nil, "\(document)")
            let answer = CapillaryAnswer.parse(status: 200, headers: [], body: Array(document.utf8), now: 0)
            let foundation = CapillaryAnswer.readWithFoundation(Self.bytes(document))
            #expect(answer.createdId == foundation?.createdId && answer.errors == (foundation?.errors ?? []))
            #expect((answer.unreadableBody == nil) == (foundation != nil), "\(document)")
        }
        #expect(AnswerJSON.read([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]) == nil)
        #expect(CapillaryAnswer.parse(status: 200, headers: [], body: Array(#"{"createdId":true}"#.utf8), now: 0).createdId == "1")
    }
}
