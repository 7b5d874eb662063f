import Foundation
import Testing
@testable import StatusBatch

/// InputReader on JSON Lines files (JSONLParser underneath): objects, blank lines, bad lines, numbers.
@Suite("InputReader (JSONL)")
struct InputReaderJSONLTests {
    static let lines = [
        #"{"identifierName":"mobile","identifierValue":"919800000001","label":"VIP","reason":"Quarterly review"}"#,
        "",
        "   ",
        #"{"mobile":919800000000,"label":"Gold","reason":"r","source":"instore","accountId":null}"#,
        #"{"identifierName":"mobile","identifierValue":"9198"#,
        #"["not","an","object"]"#,
        #"{"email":"a@b.com","label":"VIP","reason":"r","extra":{"nested":true}}"#,
        #"{"email":"c@d.com","reason":"r"}"#,
    ]

    func read(_ text: String, name: String, defaults: InputDefaults = InputDefaults()) throws -> (InputReader, [IngestedRecord]) {
        try withTempDir { dir in
            let reader = try InputReader(path: try dir.write(name, text), defaults: defaults)
            return (reader, try readAll(reader))
        }
    }

    @Test("one object per line; blank lines ignored; bad lines rejected with their line number")
    func objectsPerLine() throws {
        let (reader, rows) = try read(Self.lines.joined(separator: "\n") + "\n", name: "input.jsonl")
        #expect(reader.format == .jsonl)
        #expect(reader.header == ["identifierName", "identifierValue", "label", "reason", "source", "accountId", "createdOn"])
        #expect(rows.map(\.line) == [1, 4, 5, 6, 7, 8])
        #expect(rows.map(\.rejection) == [
            nil, nil, "not valid JSON", "each line must be a JSON object",
            "field 'extra' must be a string or a number", "no label column and no --label",
        ])
        #expect(rows[0].update == CustomerUpdate(identifierName: "mobile", identifierValue: "919800000001", label: "VIP",
                                                 reason: "Quarterly review", source: "INSTORE"))
        #expect(rows[0].raw == Self.lines[0])
        #expect(rows[2].raw == Self.lines[4])
    }

    @Test("a number as identifier value becomes its decimal text")
    func numbersBecomeStrings() throws {
        let (_, rows) = try read(Self.lines[3] + "\n", name: "n.jsonl")
        #expect(rows.count == 1)
        #expect(rows[0].rejection == nil)
        #expect(rows[0].update == CustomerUpdate(identifierName: "mobile", identifierValue: "919800000000", label: "Gold",
                                                 reason: "r", source: "INSTORE"))
    }

    @Test("JSONL detected by extension", arguments: ["in.jsonl", "in.ndjson", "in.JSONL", "in.json"])
    func detectedByExtension(name: String) throws {
        let (reader, rows) = try read(Self.lines[0], name: name)
        #expect(reader.format == .jsonl)
        #expect(rows.map(\.update.identifierValue) == ["919800000001"])
    }

    @Test("JSONL detected by a leading { when the extension says nothing")
    func detectedByContent() throws {
        let (reader, rows) = try read("\n  " + Self.lines[0] + "\r\n" + Self.lines[3] + "\r\n", name: "export")
        #expect(reader.format == .jsonl)
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows.map(\.update.identifierValue) == ["919800000001", "919800000000"])
        #expect(rows.map(\.rejection) == [nil, nil])
    }

    @Test("a .csv extension wins over a leading {")
    func csvExtensionWins() throws {
        try withTempDir { dir in
            let path = try dir.write("odd.csv", "{mobile},label,reason\n")
            let error = #expect(throws: StatusBatchError.self) { _ = try InputReader(path: path, defaults: InputDefaults()) }
            #expect(error?.status == .usageError)
        }
    }

    @Test("defaults fill what a JSONL object lacks")
    func defaultsApply() throws {
        let (_, rows) = try read(#"{"identifierValue":"EXT-9"}"#, name: "d.jsonl",
                                 defaults: InputDefaults(identifierName: "externalId", reason: "bulk", label: "Gold"))
        #expect(rows.map(\.rejection) == [nil])
        #expect(rows.first?.update == CustomerUpdate(identifierName: "externalId", identifierValue: "EXT-9", label: "Gold",
                                                     reason: "bulk", source: "INSTORE"))
    }

    @Test("a boolean value is rejected like any other non-string, non-number value")
    func booleansRejected() throws {
        let (_, rows) = try read(#"{"mobile":true,"label":"VIP","reason":"r"}"#, name: "b.jsonl")
        #expect(rows.map(\.rejection) == ["field 'mobile' must be a string or a number"])
    }
}
