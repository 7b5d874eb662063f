import Foundation
import Testing
@testable import StatusBatch

/// CSVParser: csv-spectrum conformance, line ends, delimiters, line numbers and chunked streaming.
@Suite("CSVParser")
struct CSVParserTests {
    static let spectrumCases = [
        "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf",
        "quotes_and_newlines", "simple", "simple_crlf", "utf8",
    ]

    static func spectrumDirectory() throws -> URL {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return fixtures.appendingPathComponent("csv-spectrum")
    }

    /// The expected rows of a case: the fixture is an array of objects (or, for one case, a single object).
    static func expectedRows(_ name: String) throws -> [[String: String]] {
        let url = try spectrumDirectory().appendingPathComponent("json/\(name).json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        if let rows = object as? [[String: String]] { return rows }
        return [try #require(object as? [String: String])]
    }

    /// Parses a case's CSV and zips the header with each following record.
    static func parsedRows(_ name: String, chunkSize: Int) throws -> [[String: String]] {
        let path = try spectrumDirectory().appendingPathComponent("csvs/\(name).csv").path
        let records = try parseCSV(path: path, chunkSize: chunkSize)
        let header = try #require(records.first).fields
        for record in records {
            #expect(record.problem == nil, "\(name) line \(record.line)")
            #expect(record.fields.count == header.count, "\(name) line \(record.line)")
        }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) }
    }

    @Test("every csv-spectrum case parses to its JSON", arguments: spectrumCases, [256 * 1024, 3])
    func spectrum(name: String, chunkSize: Int) throws {
        #expect(try Self.parsedRows(name, chunkSize: chunkSize) == Self.expectedRows(name))
    }

    @Test("the fixture folder holds exactly the cases tested")
    func spectrumCaseList() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.spectrumDirectory().appendingPathComponent("csvs").path)
        #expect(files.sorted() == (Self.spectrumCases + ["location_coordinates"]).map { $0 + ".csv" }.sorted())
    }

    /// Upstream csv-spectrum's location_coordinates.json is one object whose phone number (1234567890)
    /// is not the one in its CSV (2095257564); the other fields must match the fixture.
    @Test("location_coordinates: fields as in the CSV")
    func locationCoordinates() throws {
        let rows = try Self.parsedRows("location_coordinates", chunkSize: 256 * 1024)
        var expected = try #require(Self.expectedRows("location_coordinates").first)
        #expect(expected["Contact Phone Number"] == "1234567890")
        expected["Contact Phone Number"] = "2095257564"
        #expect(rows == [expected])
        #expect(rows.first?["Location Coordinates"] == "37\u{FFFD}36'37.8\"N 121\u{FFFD}2'17.9\"W")
    }

    @Test("a UTF-8 byte-order mark is stripped")
    func byteOrderMark() throws {
        try withTempDir { dir in
            let path = try dir.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8))
            let records = try parseCSV(path: path)
            #expect(records.map(\.fields) == [["a", "b"], ["1", "2"]])
            #expect(records.map(\.line) == [1, 2])
        }
    }

    @Test("CRLF, LF and bare CR line ends", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(end: String) throws {
        try withTempDir { dir in
            let path = try dir.write("ends.csv", ["a,b", "1,2", "3,\"x\(end)y\""].joined(separator: end) + end)
            let records = try parseCSV(path: path)
            #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "x\(end)y"]])
            #expect(records.map(\.line) == [1, 2, 3])
            #expect(records.allSatisfy { $0.problem == nil })
        }
    }

    @Test("semicolon, tab and pipe delimiters", arguments: [";", "\t", "|"])
    func delimiters(delimiter: String) throws {
        try withTempDir { dir in
            let d = delimiter
            let path = try dir.write("d.csv", "a\(d)b\(d)c\n1\(d)\"x\(d)y\"\(d)a,b\n")
            let records = try parseCSV(path: path, delimiter: UInt8(ascii: Unicode.Scalar(d)!))
            #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x\(d)y", "a,b"]])
        }
    }

    @Test("detectDelimiter picks the most frequent delimiter outside quotes on the first line", arguments: [
        ("identifierValue,label,reason", ","),
        ("identifierValue;label;reason", ";"),
        ("identifierValue\tlabel\treason", "\t"),
        ("identifierValue|label|reason", "|"),
        ("mobile", ","),
        ("\"a;b;c\",label", ","),
        ("a;b,c;d", ";"),
        ("a,b\nc;d;e;f", ","),
        ("a|b\r\nc;d;e;f", "|"),
    ])
    func detectDelimiter(header: String, expected: String) {
        let detected = CSVParser.detectDelimiter(headerLine: Array(header.utf8))
        #expect(detected == UInt8(ascii: Unicode.Scalar(expected)!))
    }

    @Test("a record after a quoted field with line breaks starts on its physical line", arguments: ["\n", "\r\n", "\r"])
    func lineNumbersAcrossQuotedBreaks(end: String) throws {
        try withTempDir { dir in
            let e = end
            let text = "a,b\(e)1,\"one\(e)two\(e)three\"\(e)2,x\(e)3,\"y\(e)z\"\(e)4,w\(e)"
            let records = try parseCSV(path: try dir.write("lines.csv", text))
            #expect(records.map(\.line) == [1, 2, 5, 6, 8])
            #expect(records[1].fields == ["1", "one\(e)two\(e)three"])
            #expect(records[2].fields == ["2", "x"])
            #expect(records[4].fields == ["4", "w"])
        }
    }

    @Test("blank lines are skipped but still counted")
    func blankLines() throws {
        try withTempDir { dir in
            let records = try parseCSV(path: try dir.write("blank.csv", "a,b\n\n1,2\n\r\n\n3,4\n\n"))
            #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
            #expect(records.map(\.line) == [1, 3, 6])
        }
    }

    @Test("invalid UTF-8 in a field is a problem naming the column")
    func invalidUTF8() throws {
        try withTempDir { dir in
            let bytes = Array("a,b,c\n1,x".utf8) + [0xFF, 0xC3] + Array("y,3\n4,5,6\n".utf8)
            let records = try parseCSV(path: try dir.write("bad.csv", bytes: bytes))
            #expect(records.count == 3)
            let problem = try #require(records[1].problem)
            #expect(problem.contains("column 2"))
            #expect(problem.contains("UTF-8"))
            #expect(records[1].fields.count == 3)
            #expect(records[1].fields[0] == "1")
            #expect(records[1].fields[2] == "3")
            #expect(records[2] == CSVRecord(fields: ["4", "5", "6"], line: 3, problem: nil))
        }
    }

    @Test("an unterminated quote at the end of the file is a problem")
    func unterminatedQuote() throws {
        try withTempDir { dir in
            let records = try parseCSV(path: try dir.write("open.csv", "a,b\n1,\"abc\ndef\n"))
            #expect(records.count == 2)
            #expect(records[1].line == 2)
            #expect(records[1].fields == ["1", "abc\ndef\n"])
            #expect(records[1].problem == "column 2: quoted field opened on line 2 is never closed")
        }
    }

    @Test("text after a closing quote is a problem")
    func textAfterClosingQuote() throws {
        try withTempDir { dir in
            let records = try parseCSV(path: try dir.write("after.csv", "a,b\n\"x\"y,2\n3,4\n"))
            #expect(records.count == 3)
            #expect(records[1].problem == "column 1: text after the closing quote")
            #expect(records[1].fields == ["xy", "2"])
            #expect(records[2] == CSVRecord(fields: ["3", "4"], line: 3, problem: nil))
        }
    }

    @Test("escaped quotes, empty fields and a last line without a line end")
    func quotingDetails() throws {
        try withTempDir { dir in
            let records = try parseCSV(path: try dir.write("q.csv", "a,b,c\n\"\",\"\"\"\",x\"y\n,,\n1,2,\"end\""))
            #expect(records.map(\.fields) == [["a", "b", "c"], ["", "\"", "x\"y"], ["", "", ""], ["1", "2", "end"]])
            #expect(records.allSatisfy { $0.problem == nil })
        }
    }

    @Test("tiny chunk sizes give the same records as the default", arguments: [1, 2, 3, 5, 7, 64])
    func chunkedStreaming(chunkSize: Int) throws {
        try withTempDir { dir in
            let text = "identifierValue;label;reason\r\n\"9198\"\"01\";Gold ü;\"multi\r\nline; ʤ\"\r\n\r\n"
                + "9198002;Silver;\"a\rb\"\n9198003;€uro;plain\r"
            let path = try dir.write("chunks.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
            let reference = try parseCSV(path: path, delimiter: UInt8(ascii: ";"))
            #expect(reference.map(\.fields) == [
                ["identifierValue", "label", "reason"], ["9198\"01", "Gold ü", "multi\r\nline; ʤ"],
                ["9198002", "Silver", "a\rb"], ["9198003", "€uro", "plain"],
            ])
            #expect(reference.map(\.line) == [1, 2, 5, 7])
            #expect(try parseCSV(path: path, delimiter: UInt8(ascii: ";"), chunkSize: chunkSize) == reference)
        }
    }

    @Test("a field longer than maxFieldBytes is cut and its record rejected; the next record is intact")
    func oversizedField() throws {
        try withTempDir { dir in
            let big = String(repeating: "x", count: CSVParser.maxFieldBytes + 5)
            let records = try parseCSV(path: try dir.write("big.csv", "a,b\n1,\"\(big)\"\n2,3\n"))
            #expect(records.count == 3)
            #expect(records[1].fields.map(\.utf8.count) == [1, CSVParser.maxFieldBytes])
            #expect(records[1].problem == "column 2: field longer than 1048576 bytes")
            #expect(records[2] == CSVRecord(fields: ["2", "3"], line: 3, problem: nil))
        }
    }
}
