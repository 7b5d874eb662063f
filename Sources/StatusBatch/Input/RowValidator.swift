/// Checks one status change against what the API accepts, and puts names into their canonical spelling.
public enum RowValidator {
    /// The canonicalised update, or the first reason it cannot be sent.
    public static func validate(_ raw: CustomerUpdate) -> Result<CustomerUpdate, RowRejection> {
        var update = raw
        guard !update.identifierName.isEmpty else {
            return .failure(RowRejection("identifierName is empty (add the column or --identifier-name)"))
        }
        guard let name = CapillaryVocabulary.canonicalIdentifierName(update.identifierName) else {
            return .failure(RowRejection(
                "identifierName '\(update.identifierName)' is not one of \(CapillaryVocabulary.identifierNames.joined(separator: ", "))"))
        }
        update.identifierName = name
        guard !update.identifierValue.isEmpty else { return .failure(RowRejection("identifierValue is empty")) }
        guard let source = CapillaryVocabulary.canonicalSource(update.source) else {
            return .failure(RowRejection(
                "source '\(update.source)' is not one of \(CapillaryVocabulary.sources.joined(separator: ", "))"))
        }
        update.source = source
        if CapillaryVocabulary.sourcesNeedingAccount.contains(source) && update.accountId == nil {
            return .failure(RowRejection("accountId is required with source \(source)"))
        }
        guard !update.label.isEmpty else { return .failure(RowRejection("label is empty")) }
        guard !update.reason.isEmpty else { return .failure(RowRejection("reason is empty")) }
        let reasonLength = update.reason.count
        if reasonLength > CapillaryVocabulary.maxReasonLength {
            return .failure(RowRejection(
                "reason is \(reasonLength) characters; at most \(CapillaryVocabulary.maxReasonLength) are allowed"))
        }
        if let createdOn = update.createdOn {
            switch ISO8601Check.sendable(createdOn) {
            case .success(let utc): update.createdOn = utc
            case .failure(let rejection): return .failure(rejection)
            }
        }
        return .success(update)
    }
}

/// Why a record is rejected, in words an operator can act on.
public struct RowRejection: Error, Sendable, Equatable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
