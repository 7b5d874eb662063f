/// Keeps spreadsheet programs from executing cells the tool writes: a cell starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'` (which spreadsheets hide). Reading a file back
/// removes that quote again, so `'+919800000001` in failed.csv is the identifier `+919800000001`.
public enum SpreadsheetSafety {
    private static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell as written to a CSV file.
    public static func neutralize(_ cell: String) -> String {
        guard let first = cell.first, triggers.contains(first) else { return cell }
        return "'" + cell
    }

    /// The cell as read from a CSV file: a neutralizing quote is removed.
    public static func restore(_ cell: String) -> String {
        guard cell.first == "'", let second = cell.dropFirst().first, triggers.contains(second) else { return cell }
        return String(cell.dropFirst())
    }
}
