/// The enumerations Capillary's Update Customer Status call accepts, spelled as the API spells them.
public enum CapillaryVocabulary {
    /// Identifier types accepted as `identifierName`.
    public static let identifierNames = [
        "mobile", "email", "externalId", "cardnumber", "cardExternalId", "wechat", "fbid", "martjackId", "id",
    ]

    /// Channels accepted as `source`.
    public static let sources = [
        "INSTORE", "WECHAT", "MARTJACK", "WEB_ENGAGE", "ECOMMERCE", "JD", "TAOBAO", "TMALL",
        "FACEBOOK", "WEBSITE", "LINE", "MOBILE_APP",
    ]

    /// Sources that have several accounts, so `accountId` is required with them.
    public static let sourcesNeedingAccount: Set<String> = ["WECHAT", "FACEBOOK", "LINE", "MOBILE_APP"]

    /// Longest `reason` the API stores.
    public static let maxReasonLength = 50
    /// The API's error code for "customer not found for the identifiers".
    public static let customerNotFoundCode = "8015"

    private static let identifierByLowercase = Dictionary(
        uniqueKeysWithValues: identifierNames.map { ($0.lowercased(), $0) })
    private static let sourceByLowercase = Dictionary(uniqueKeysWithValues: sources.map { ($0.lowercased(), $0) })

    /// The canonical spelling of an identifier name given in any case, or nil if unknown.
    public static func canonicalIdentifierName(_ name: String) -> String? {
        identifierByLowercase[name.lowercased()]
    }

    /// The canonical spelling of a source given in any case, or nil if unknown.
    public static func canonicalSource(_ source: String) -> String? {
        sourceByLowercase[source.lowercased()]
    }
}
