import Foundation
import Testing
@testable import StatusBatch

/// InputReader on CSV files: header matching, identifier columns, defaults and whole-file errors.
@Suite("InputReader (CSV)")
struct InputReaderTests {
    static let defaults = InputDefaults()

    func records(_ text: String, name: String = "input.csv", defaults: InputDefaults = defaults) throws -> [IngestedRecord] {
        try withTempDir { dir in
            try readAll(InputReader(path: try dir.write(name, text), defaults: defaults))
        }
    }

    func usageError(_ bytes: [UInt8], name: String = "input.csv", defaults: InputDefaults = defaults) throws -> StatusBatchError? {
        try withTempDir { dir in
            let path = try dir.write(name, bytes: bytes)
            return #expect(throws: StatusBatchError.self) { _ = try InputReader(path: path, defaults: defaults) }
        }
    }

    @Test("header names match case-insensitively, ignoring _ - and spaces", arguments: [
        "IdentifierName,IdentifierValue,Label,REASON",
        "identifier_name,identifier_value,label,reason",
        "Identifier Name,Identifier-Value,LABEL,Reason",
    ])
    func headerMatching(header: String) throws {
        let rows = try records(header + "\nMOBILE,919800000001,VIP,Quarterly review\n")
        #expect(rows.count == 1)
        #expect(rows[0].line == 2)
        #expect(rows[0].rejection == nil)
        #expect(rows[0].update == CustomerUpdate(identifierName: "mobile", identifierValue: "919800000001", label: "VIP",
                                                 reason: "Quarterly review", source: "INSTORE"))
        #expect(rows[0].raw == "MOBILE,919800000001,VIP,Quarterly review")
    }

    @Test("a column named after an identifier type is the identifier")
    func identifierTypeColumns() throws {
        let mobile = try records("mobile,label,reason\n919800000001,VIP,r\n")
        #expect(mobile.map(\.update.identifierName) == ["mobile"])
        #expect(mobile.map(\.update.identifierValue) == ["919800000001"])
        let email = try records("Email,Label,Reason,Source\nUser@Example.com,Gold,r,web_engage\n")
        #expect(email.map(\.rejection) == [nil])
        #expect(email.first?.update == CustomerUpdate(identifierName: "email", identifierValue: "User@Example.com",
                                                      label: "Gold", reason: "r", source: "WEB_ENGAGE"))
    }

    @Test("the first non-empty identifier column wins; all empty is a rejection")
    func severalIdentifierColumns() throws {
        let rows = try records("mobile,email,label,reason\n,a@b.com,VIP,r\n919800000001,c@d.com,VIP,r\n,,VIP,r\n")
        #expect(rows.map(\.update.identifierName) == ["email", "mobile", ""])
        #expect(rows.map(\.update.identifierValue) == ["a@b.com", "919800000001", ""])
        #expect(rows.map(\.rejection) == [nil, nil, "no identifier: every identifier column (mobile, email) is empty"])
    }

    @Test("missing label, reason and source columns come from InputDefaults")
    func defaultsFillMissingColumns() throws {
        let defaults = InputDefaults(identifierName: "externalid", source: "ecommerce", reason: "Bulk fix", label: "Gold")
        let rows = try records("identifierValue\nEXT-1\n", defaults: defaults)
        #expect(rows.count == 1)
        #expect(rows[0].rejection == nil)
        #expect(rows[0].update == CustomerUpdate(identifierName: "externalId", identifierValue: "EXT-1", label: "Gold",
                                                 reason: "Bulk fix", source: "ECOMMERCE"))
        let columnWins = try records("identifierValue,label\nEXT-2,\nEXT-3,Silver\n", defaults: defaults)
        #expect(columnWins.map(\.update.label) == ["Gold", "Silver"])
    }

    @Test("a header without usable columns is a usage error", arguments: [
        "name,phone,notes\nA,1,x\n",
        "identifierValue,label,reason\n9198,VIP,r\n",
        "mobile,reason\n9198,r\n",
        "mobile,label\n9198,VIP\n",
    ])
    func unusableHeader(text: String) throws {
        let error = try usageError(Array(text.utf8))
        #expect(error?.status == .usageError)
        #expect(error?.message.contains("line 1: no usable header") == true)
    }

    @Test("a header problem names the missing piece")
    func headerProblemMessages() throws {
        let noLabel = try usageError(Array("mobile,reason\n9198,r\n".utf8))
        #expect(noLabel?.message.hasSuffix("no label column and no --label") == true)
        let noName = try usageError(Array("identifierValue,label,reason\n9198,VIP,r\n".utf8))
        #expect(noName?.message.hasSuffix("column identifierValue needs an identifierName column or --identifier-name") == true)
    }

    @Test("a file with NUL bytes is a usage error")
    func nulBytes() throws {
        let error = try usageError(Array("mobile,label,reason\n".utf8) + [0, 0, 1, 2] + Array("\n".utf8))
        #expect(error?.status == .usageError)
        #expect(error?.message.contains("NUL") == true)
    }

    @Test("an empty file is a usage error")
    func emptyFile() throws {
        let error = try usageError([])
        #expect(error?.status == .usageError)
        #expect(error?.message.contains("the file is empty") == true)
    }

    @Test("a missing file is a usage error")
    func missingFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).csv").path
        let error = #expect(throws: StatusBatchError.self) { _ = try InputReader(path: path, defaults: Self.defaults) }
        #expect(error?.status == .usageError)
    }

    @Test("rows with too few or too many fields are rejected")
    func raggedRows() throws {
        let rows = try records("mobile,label,reason,source\n9198001,VIP,r\n9198002,VIP,r,INSTORE,extra\n9198003,VIP,r,INSTORE\n")
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(rows.map(\.rejection) == [
            "expected 4 fields as in the header, found 3",
            "expected 4 fields as in the header, found 5",
            nil,
        ])
    }

    @Test("delimiter is detected from the header and a BOM is ignored")
    func detectedDelimiter() throws {
        try withTempDir { dir in
            let path = try dir.write("semi.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("mobile;label;reason\n9198001;VIP;a, b\n".utf8))
            let reader = try InputReader(path: path, defaults: Self.defaults)
            #expect(reader.format == .csv)
            #expect(reader.delimiter == UInt8(ascii: ";"))
            #expect(reader.header == ["mobile", "label", "reason"])
            let rows = try readAll(reader)
            #expect(rows.map(\.update.reason) == ["a, b"])
            #expect(rows.map(\.raw) == ["9198001,VIP,\"a, b\""])
        }
    }

    @Test("an unsupported --delimiter is a usage error")
    func badDelimiterOption() throws {
        try withTempDir { dir in
            let path = try dir.write("x.csv", "mobile,label,reason\n")
            let error = #expect(throws: StatusBatchError.self) {
                _ = try InputReader(path: path, defaults: Self.defaults, delimiter: ":")
            }
            #expect(error?.status == .usageError)
        }
    }

    @Test("validation failures become rejections with the validator's reason")
    func validationRejections() throws {
        let rows = try records("identifierName,identifierValue,label,reason\nphone,9198,VIP,r\nmobile,9198,,r\n")
        #expect(rows.map(\.rejection) == [
            "identifierName 'phone' is not one of mobile, email, externalId, cardnumber, cardExternalId, wechat, fbid, martjackId, id",
            "label is empty",
        ])
    }
}
