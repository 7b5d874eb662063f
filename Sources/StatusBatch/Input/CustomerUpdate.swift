/// One validated status change: everything needed to build the request.
public struct CustomerUpdate: Sendable, Equatable, Codable {
    public var identifierName: String
    public var identifierValue: String
    public var label: String
    public var reason: String
    public var source: String
    public var accountId: String?
    public var createdOn: String?

    public init(identifierName: String, identifierValue: String, label: String, reason: String,
                source: String, accountId: String? = nil, createdOn: String? = nil) {
        self.identifierName = identifierName
        self.identifierValue = identifierValue
        self.label = label
        self.reason = reason
        self.source = source
        self.accountId = accountId
        self.createdOn = createdOn
    }

    /// Identifies the customer: two rows with the same key update the same customer ("last row wins", one request
    /// per customer). Under a source with accounts (WeChat, Facebook, ...) each account has its own customers, so
    /// the source and account are part of the key.
    public var customerKey: String {
        let value = identifierName == "email" ? identifierValue.lowercased() : identifierValue
        let key = identifierName + "\u{1F}" + value
        guard CapillaryVocabulary.sourcesNeedingAccount.contains(source), let accountId else { return key }
        return key + "\u{1F}" + source + "\u{1F}" + accountId
    }
}

/// One input record after mapping and validation: either an update to send or a rejection.
public struct IngestedRecord: Sendable {
    /// Physical line (1-based) where the record starts in the input file.
    public let line: Int
    /// The record as the input wrote it (a CSV line, or the JSON object), for failed.csv.
    public let raw: String
    /// Whatever could be read, even from a rejected record, for the report.
    public let update: CustomerUpdate
    /// Why the record cannot be sent; nil when it is valid.
    public let rejection: String?
    /// The update's `customerKey` for a valid record (nil for a rejected one), worked out once where the record is
    /// made: the parsing thread, not the inserting one, whose time bounds an ingest.
    public let customerKey: String?

    /// A record; its customer key is worked out here.
    public init(line: Int, raw: String, update: CustomerUpdate, rejection: String?) {
        self.line = line
        self.raw = raw
        self.update = update
        self.rejection = rejection
        self.customerKey = rejection == nil ? update.customerKey : nil
    }
}
