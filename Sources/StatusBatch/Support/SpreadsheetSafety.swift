/// Keeps spreadsheet programs from executing cells the tool writes: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'` (which spreadsheets hide). Reading a file back
/// removes that quote again, so `'+919800000001` in failed.csv is the identifier `+919800000001`.
public enum SpreadsheetSafety {
    /// The first bytes that make a spreadsheet treat a cell as a formula: `=`, `+`, `-`, `@`, tab, CR.
    static func isTrigger(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    /// The cell as written to a CSV file.
    public static func neutralize(_ cell: String) -> String {
        guard let first = cell.utf8.first, isTrigger(first) else { return cell }
        return "'" + cell
    }

    /// The cell as read from a CSV file: a neutralizing quote is removed.
    public static func restore(_ cell: String) -> String {
        let utf8 = cell.utf8
        guard utf8.first == 0x27, utf8.count > 1, isTrigger(utf8[utf8.index(after: utf8.startIndex)]) else { return cell }
        return String(cell.dropFirst())
    }
}
