/// How the columns of one header map onto the fields of a status change.
public struct ColumnMapping: Sendable {
    public let header: [String]
    /// Field index of each column, by `InputColumn.ordinal` (an array: this is looked up for every row).
    private var columnIndex = ColumnIndex()
    /// Columns named after an identifier type (`mobile`, `email`, ...): index and canonical name.
    private var identifierColumns: [(index: Int, name: String)] = []
    private let defaults: InputDefaults

    /// Maps `header`; the problems that make the whole file unusable are returned, not thrown.
    public init(header rawHeader: [String], defaults: InputDefaults) {
        let header = rawHeader.map(SpreadsheetSafety.restore)
        self.header = header
        self.defaults = defaults
        for (index, cell) in header.enumerated() {
            if let column = InputColumn.named(cell) {
                if columnIndex[column] == nil { columnIndex[column] = index }
            } else if let name = CapillaryVocabulary.canonicalIdentifierName(cell.trimmingCharactersInSet()) {
                identifierColumns.append((index, name))
            }
        }
    }

    /// What makes this header unusable for a whole file, or nil when it can be used.
    public func headerProblem() -> String? {
        let known = InputColumn.allCases.map(\.rawValue).joined(separator: ", ")
        if columnIndex.isEmpty && identifierColumns.isEmpty {
            let shown = header.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
            return "the first line must name the columns; none of \(shown) is one of \(known) or an identifier type (mobile, email, externalId, ...)"
        }
        if columnIndex[.identifierValue] == nil && identifierColumns.isEmpty {
            return "no identifier column: add identifierValue (with identifierName or --identifier-name) or a column named after the identifier type, e.g. mobile"
        }
        if columnIndex[.identifierValue] != nil && columnIndex[.identifierName] == nil && defaults.identifierName == nil {
            return "column identifierValue needs an identifierName column or --identifier-name"
        }
        if columnIndex[.label] == nil && defaults.label == nil { return "no label column and no --label" }
        if columnIndex[.reason] == nil && defaults.reason == nil { return "no reason column and no --reason" }
        return nil
    }

    /// The raw values of one record, with constants from flags where a column is missing.
    /// Returns the update and, when the identifier cannot be found, a rejection.
    public func update(from rawFields: [String]) -> (CustomerUpdate, String?) {
        func field(_ index: Int) -> String { SpreadsheetSafety.restore(rawFields[index]) }
        func value(_ column: InputColumn) -> String? {
            guard let index = columnIndex[column], index < rawFields.count else { return nil }
            return field(index).trimmingCharactersInSet()
        }
        var name = value(.identifierName) ?? ""
        var identifier = value(.identifierValue) ?? ""
        var rejection: String?
        if identifier.isEmpty {
            // A column named after an identifier type: the first non-empty one wins.
            let preferred = identifierColumns.first { $0.name == defaults.identifierName }
            let candidates = (preferred.map { [$0] } ?? []) + identifierColumns
            if let hit = candidates.first(where: { $0.index < rawFields.count && !field($0.index).trimmingCharactersInSet().isEmpty }) {
                name = hit.name
                identifier = field(hit.index).trimmingCharactersInSet()
            } else if !identifierColumns.isEmpty && columnIndex[.identifierValue] == nil {
                let names = identifierColumns.map { header[$0.index] }.joined(separator: ", ")
                rejection = "no identifier: every identifier column (\(names)) is empty"
            }
        }
        if name.isEmpty { name = defaults.identifierName ?? "" }
        let label = nonEmpty(value(.label)) ?? defaults.label ?? ""
        let reason = nonEmpty(value(.reason)) ?? defaults.reason ?? ""
        let source = nonEmpty(value(.source)) ?? defaults.source
        let update = CustomerUpdate(
            identifierName: name, identifierValue: identifier, label: label, reason: reason, source: source,
            accountId: nonEmpty(value(.accountId)), createdOn: nonEmpty(value(.createdOn)))
        return (update, rejection)
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

/// Field indexes per `InputColumn`, stored in a fixed array instead of a dictionary.
struct ColumnIndex: Sendable {
    private var indexes = [Int?](repeating: nil, count: InputColumn.allCases.count)

    var isEmpty: Bool { indexes.allSatisfy { $0 == nil } }

    subscript(column: InputColumn) -> Int? {
        get { indexes[column.ordinal] }
        set { indexes[column.ordinal] = newValue }
    }
}

extension InputColumn {
    /// The position of the case in `allCases`.
    var ordinal: Int {
        switch self {
        case .identifierName: return 0
        case .identifierValue: return 1
        case .label: return 2
        case .reason: return 3
        case .source: return 4
        case .accountId: return 5
        case .createdOn: return 6
        }
    }
}
