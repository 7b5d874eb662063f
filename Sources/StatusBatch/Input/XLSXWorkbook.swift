import Foundation
import ZIPFoundation

/// An Excel workbook (.xlsx) read without loading it: ZIPFoundation finds the parts and inflates the sheet in
/// chunks, `XMLTokenizer` reads them as a stream. The sheet is the first one, or the one `--sheet` names. Cells
/// become text as Excel shows them: shared and inline strings as written, numbers as stored (919800000001, not
/// 9.198E+11), booleans as TRUE/FALSE, and numbers in a date or time format as ISO 8601 date-times in UTC
/// (`2026-01-31T15:00:00Z`). Only the shared strings and the styles are held in memory.
final class XLSXWorkbook {
    let path: String
    let sheetName: String
    private let archive: Archive
    private let sheetPart: String
    private let sharedStrings: [String]
    /// Indexes of the cell formats (`s`) whose number format shows a date or a time.
    private let dateStyles: Set<Int>
    private let date1904: Bool

    init(path: String, sheet wanted: String?) throws {
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw StatusBatchError.usage("\(path): not a readable .xlsx workbook (\(error)); save it again from the spreadsheet, or as CSV")
        }
        let workbook = try Self.parse(archive, "xl/workbook.xml", path: path)
        let relations = try Self.parse(archive, "xl/_rels/workbook.xml.rels", path: path)
        var targets: [String: String] = [:], partOfType: [String: String] = [:]
        for case .start("Relationship", let attributes, _) in relations {
            guard let id = attributes["Id"], let target = attributes["Target"] else { continue }
            let part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            targets[id] = part
            if let type = attributes["Type"]?.split(separator: "/").last { partOfType[String(type)] = part }
        }
        var sheets: [(name: String, part: String)] = []
        var uses1904 = false
        for case .start(let name, let attributes, _) in workbook {
            if name == "sheet", let sheetName = attributes["name"], let id = attributes["id"], let part = targets[id] {
                sheets.append((sheetName, part))
            } else if name == "workbookPr" {
                uses1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
            }
        }
        guard let chosen = wanted.map({ name in sheets.first { $0.name == name } }) ?? sheets.first else {
            let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            throw StatusBatchError.usage(wanted.map { "\(path): no sheet named '\($0)'; the workbook has \(names)" }
                                         ?? "\(path): the workbook has no sheet")
        }
        sheetName = chosen.name
        sheetPart = chosen.part
        date1904 = uses1904
        let archive = self.archive
        sharedStrings = try partOfType["sharedStrings"].map { try Self.sharedStrings(Self.parse(archive, $0, path: path)) } ?? []
        dateStyles = try partOfType["styles"].map { try Self.dateStyles(Self.parse(archive, $0, path: path)) } ?? []
    }

    /// Streams the sheet: each row that has a cell, as its row number and its cells' text by column (A is 0);
    /// columns without a cell are empty.
    func rows(_ handle: (Int, [String]) throws -> Void) throws {
        guard let entry = archive[sheetPart] else { throw StatusBatchError.usage("\(path): the sheet '\(sheetName)' is missing from the workbook") }
        var reader = SheetRows(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        var tokenizer = XMLTokenizer()
        do {
            _ = try archive.extract(entry, bufferSize: 256 * 1024, skipCRC32: false) { data in
                try tokenizer.feed([UInt8](data)) { try reader.take($0, handle) }
            }
            try tokenizer.finish { try reader.take($0, handle) }
        } catch let error as StatusBatchError {
            throw error
        } catch {
            throw StatusBatchError.usage("\(path): the sheet '\(sheetName)' cannot be read (\(error)); nothing was sent")
        }
    }

    /// Every event of a (small) part, read whole.
    private static func parse(_ archive: Archive, _ part: String, path: String) throws -> [XMLTokenizer.Event] {
        guard let entry = archive[part] else {
            throw StatusBatchError.usage(
                "\(path): a ZIP archive but not an .xlsx workbook (no \(part); an OpenDocument .ods?): save it as .xlsx or CSV (UTF-8) and run that")
        }
        var events: [XMLTokenizer.Event] = []
        var tokenizer = XMLTokenizer()
        do {
            _ = try archive.extract(entry) { data in try tokenizer.feed([UInt8](data)) { events.append($0) } }
            try tokenizer.finish { events.append($0) }
        } catch {
            throw StatusBatchError.usage("\(path): the workbook's \(part) cannot be read (\(error))")
        }
        return events
    }

    /// The texts of `<si>` items in order: their `<t>` runs joined (rich text), phonetic runs (`<rPh>`) left out.
    private static func sharedStrings(_ events: [XMLTokenizer.Event]) -> [String] {
        var strings: [String] = [], current = "", inText = false, phonetic = 0
        for event in events {
            switch event {
            case .start("si", _, let empty): current = ""; if empty { strings.append("") }
            case .start("rPh", _, let empty) where !empty: phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", _, let empty): inText = !empty && phonetic == 0
            case .end("t"): inText = false
            case .text(let text) where inText: current += text
            case .end("si"): strings.append(current)
            default: break
            }
        }
        return strings
    }

    /// Indexes of `<cellXfs>` entries whose number format is a date or time: built-in ids 14–22 and 45–47, or a
    /// custom code with y, m, d, h or s outside quotes, escapes and [colour] brackets.
    private static func dateStyles(_ events: [XMLTokenizer.Event]) -> Set<Int> {
        var customDates: Set<Int> = []
        var styles: Set<Int> = []
        var inCellFormats = false, index = 0
        for event in events {
            switch event {
            case .start("numFmt", let attributes, _):
                if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], isDate(code) {
                    customDates.insert(id)
                }
            case .start("cellXfs", _, _): inCellFormats = true
            case .end("cellXfs"): inCellFormats = false
            case .start("xf", let attributes, _) where inCellFormats:
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                if (14...22).contains(id) || (45...47).contains(id) || customDates.contains(id) { styles.insert(index) }
                index += 1
            default: break
            }
        }
        return styles
    }

    static func isDate(_ code: String) -> Bool {
        var plain = "", quoted = false, bracket = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted && !bracket { plain.append(character) }
            }
        }
        return plain.lowercased().contains { "ymdhs".contains($0) } && !plain.lowercased().contains("general")
    }
}
