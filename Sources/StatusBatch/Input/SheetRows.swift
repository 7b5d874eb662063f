import Foundation

/// Turns a worksheet's XML events into rows: `<row r="5">` gives the row number (else the one after the last),
/// `<c r="C5" t="s" s="2">` a cell (its column from `r`, else the one after the last), `<v>` its value and
/// `<is><t>` an inline string. See `XLSXWorkbook` for how each type of cell becomes text.
struct SheetRows {
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let date1904: Bool
    private var rowNumber = 0
    private var cells: [String] = []
    private var column = -1
    private var type = ""
    private var style = 0
    private var value = ""
    private var inValue = false
    private var inInlineText = false
    private var hasCell = false

    init(sharedStrings: [String], dateStyles: Set<Int>, date1904: Bool) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    /// Takes one event; a row that ends with at least one cell goes to `handle`.
    mutating func take(_ event: XMLTokenizer.Event, _ handle: (Int, [String]) throws -> Void) throws {
        switch event {
        case .start("row", let attributes, _):
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = -1
            hasCell = false
        case .start("c", let attributes, let empty):
            column = attributes["r"].map(Self.columnIndex) ?? column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
            if empty { finishCell() }
        case .start("v", _, let empty): inValue = !empty
        case .end("v"): inValue = false
        case .start("t", _, let empty): inInlineText = !empty
        case .end("t"): inInlineText = false
        case .text(let text) where inValue || inInlineText: value += text
        case .end("c"): finishCell()
        case .end("row"):
            if hasCell { try handle(rowNumber, cells) }
        default: break
        }
    }

    private mutating func finishCell() {
        guard column >= 0 else { return }
        let text = self.text()
        if cells.count <= column { cells += Array(repeating: "", count: column + 1 - cells.count) }
        cells[column] = text
        if !text.isEmpty { hasCell = true }
    }

    /// The cell's text as Excel shows it.
    private func text() -> String {
        switch type {
        case "s": return Int(value).flatMap { $0 >= 0 && $0 < sharedStrings.count ? sharedStrings[$0] : nil } ?? ""
        case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "inlineStr", "str", "e", "d": return value
        default:
            guard let number = Double(value) else { return value }
            if dateStyles.contains(style) { return Self.isoDate(serial: number, date1904: date1904) }
            // Excel stores whole numbers in full; one written with an exponent is shown in full too.
            if value.contains(where: { $0 == "E" || $0 == "e" }), number == number.rounded(), abs(number) < 1e15 {
                return String(Int64(number))
            }
            return value
        }
    }

    /// `C5` → 2 (A is 0).
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for character in reference.uppercased() {
            guard let ascii = character.asciiValue, ascii >= 65, ascii <= 90 else { break }
            index = index * 26 + Int(ascii - 64)
        }
        return index - 1
    }

    /// A date serial as an ISO 8601 date-time to the second, `2026-01-31T15:00:00Z`: a workbook keeps no time zone,
    /// so its times are taken as UTC (a time with an offset can be written as text instead). 1900 system: day 1 is 1900-01-01 and Excel's phantom 1900-02-29 is kept
    /// out by counting from 1899-12-30 (right from March 1900); 1904 system: from 1904-01-01.
    static func isoDate(serial: Double, date1904: Bool) -> String {
        let seconds = (serial * 86_400).rounded()
        let epoch = date1904 ? -2_082_844_800.0 : -2_209_161_600.0
        var time = time_t(epoch + seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
