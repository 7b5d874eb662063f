import Foundation
import Testing
@testable import StatusBatch

/// .xlsx workbooks written by real writers (Fixtures/xlsx/make_fixtures.py: openpyxl's inline strings,
/// XlsxWriter's shared strings), read as a stream: the same stored rows as the same sheet saved as CSV, with the
/// sheet's row numbers as lines.
@Suite("XLSX input")
struct XLSXTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/xlsx/\(name)", withExtension: nil)).path
    }

    static func rows(_ path: String, sheet: String? = nil) throws -> [(Int, String, String?)] {
        try readAll(try InputReader(path: path, defaults: InputDefaults(), sheet: sheet)).map { ($0.line, $0.raw, $0.rejection) }
    }

    /// The sheet as CSV: row 4 is empty, so the rows are on lines 2, 3 and 5 in both.
    static func csv(reason: String) -> String {
        "mobile,label,reason,createdOn\n919800000001,Gold,Quarterly review,2026-01-31T15:00:00Z\n919800000002,VIP,\(reason),\n\n"
            + "919800000004,Gold,,2026-02-01T00:00:00Z\n"
    }

    @Test("inline strings (openpyxl) and shared strings (XlsxWriter): numbers in full, dates ISO 8601, empty cells and rows")
    func sameRowsAsCSV() throws {
        try withTempDir { dir in
            for (name, reason) in [("inline-openpyxl.xlsx", "Révision café"), ("shared-xlsxwriter.xlsx", "Révision café & <co>")] {
                let expected = try Self.rows(dir.write("\(name).csv", Self.csv(reason: reason)))
                let got = try Self.rows(try Self.fixture(name))
                #expect(got.map(\.0) == [2, 3, 5], "\(name)")
                #expect(got.map(\.1) == expected.map(\.1), "\(name): \(got.map(\.1))")
                #expect(got.map(\.2) == expected.map(\.2), "\(name): \(got.map(\.2))")
            }
        }
    }

    @Test("--sheet picks another sheet; an unknown one is named with the workbook's sheets")
    func otherSheet() throws {
        let path = try Self.fixture("inline-openpyxl.xlsx")
        #expect(try Self.rows(path, sheet: "Other").map(\.1) == ["919800000099,Silver,second sheet"])
        do {
            _ = try Self.rows(path, sheet: "Missing")
            Issue.record("an unknown sheet was read")
        } catch {
            #expect("\(error)".contains("no sheet named 'Missing'; the workbook has 'Customers', 'Other'"), "\(error)")
        }
    }

    @Test("an old .xls and a ZIP that is no workbook (an .ods) are refused with what to do")
    func otherSpreadsheets() throws {
        try withTempDir { dir in
            let xls = try dir.write("old.xls", bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))
            do { _ = try Self.rows(xls); Issue.record("an .xls was read") } catch {
                #expect("\(error)".contains("an old Excel workbook (.xls); save it as .xlsx or CSV"), "\(error)")
            }
            let zip = try ZipFixture.make(in: dir)
            do { _ = try Self.rows(zip); Issue.record("a ZIP without a workbook was read") } catch {
                #expect("\(error)".contains("a ZIP archive but not an .xlsx workbook"), "\(error)")
            }
        }
    }

    @Test("the fingerprint is of the workbook as given; the reader's header is the sheet's")
    func fingerprintAndHeader() throws {
        let path = try Self.fixture("shared-xlsxwriter.xlsx")
        let reader = try InputReader(path: path, defaults: InputDefaults())
        #expect(reader.format == .xlsx && reader.header == ["mobile", "label", "reason", "createdOn"])
        _ = try readAll(reader)
        let fingerprint = try #require(reader.fingerprintOfWhatWasRead())
        let whole = try ByteSource.sizeAndDigest(path: path)
        #expect(fingerprint.size == whole.size && fingerprint.sha256 == whole.sha256)
    }

    @Test("the XML tokenizer gives the same events fed a byte at a time; entities and CDATA decode")
    func tokenizer() throws {
        let xml = #"<?xml version="1.0"?><!-- c --><x:row r='2' a="&lt;b&gt;"><c><v>1&amp;2 &#233;&#x1F600;</v></c><t><![CDATA[<raw>]]></t><e/></x:row>"#
        func events(chunk: Int) throws -> [String] {
            var tokenizer = XMLTokenizer()
            var out: [String] = []
            let bytes = Array(xml.utf8)
            func record(_ event: XMLTokenizer.Event) {
                switch event {
                case .start(let name, let attributes, let empty):
                    out.append("<\(name) \(attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })\(empty ? "/" : "")>")
                case .end(let name): out.append("</\(name)>")
                case .text(let text): out.append(text)
                }
            }
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                try tokenizer.feed(Array(bytes[start..<min(bytes.count, start + chunk)]), record)
            }
            try tokenizer.finish(record)
            // Text split between chunks comes as several events: join neighbours for the comparison.
            return out.reduce(into: []) { joined, item in
                if let last = joined.last, !last.hasPrefix("<"), !item.hasPrefix("<") { joined[joined.count - 1] += item } else { joined.append(item) }
            }
        }
        let whole = try events(chunk: 10_000)
        #expect(whole == ["<row [\"a=<b>\", \"r=2\"]>", "<c []>", "<v []>", "1&2 é😀", "</v>", "</c>", "<t []>", "<raw>", "</t>",
                          "<e []/>", "</row>"], "\(whole)")
        #expect(try events(chunk: 1) == whole)
        #expect(try events(chunk: 7) == whole)
    }

    @Test("date serials (1900 and 1904 systems), column letters, date formats")
    func cellHelpers() {
        #expect(SheetRows.isoDate(serial: 46053.625, date1904: false) == "2026-01-31T15:00:00Z")
        #expect(SheetRows.isoDate(serial: 46054, date1904: false) == "2026-02-01T00:00:00Z")
        #expect(SheetRows.isoDate(serial: 61, date1904: false) == "1900-03-01T00:00:00Z")
        #expect(SheetRows.isoDate(serial: 0, date1904: true) == "1904-01-01T00:00:00Z")
        #expect(SheetRows.columnIndex("A1") == 0 && SheetRows.columnIndex("Z9") == 25 && SheetRows.columnIndex("AB12") == 27)
        #expect(XLSXWorkbook.isDate("yyyy-mm-dd hh:mm:ss") && XLSXWorkbook.isDate("dd/mm/yyyy") && XLSXWorkbook.isDate("[$-409]h:mm AM/PM"))
        #expect(!XLSXWorkbook.isDate("General") && !XLSXWorkbook.isDate("0.00") && !XLSXWorkbook.isDate("#,##0\" days\"")
                && !XLSXWorkbook.isDate("[Red]0"))
    }
}

/// A ZIP archive holding one text file, made by Python's zipfile (no workbook parts).
enum ZipFixture {
    static func make(in dir: TempDir) throws -> String {
        let path = dir.path("sheet.ods")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import zipfile,sys; zipfile.ZipFile(sys.argv[1],'w').writestr('content.xml','<x/>')", path]
        try process.run()
        process.waitUntilExit()
        return path
    }
}
