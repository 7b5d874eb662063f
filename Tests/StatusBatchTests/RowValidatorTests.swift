import Testing
@testable import StatusBatch

/// RowValidator: canonical spellings and every rejection rule, in the order they are checked.
@Suite("RowValidator")
struct RowValidatorTests {
    static func update(name: String = "mobile", value: String = "919800000001", label: String = "VIP",
                       reason: String = "Quarterly review", source: String = "INSTORE", accountId: String? = nil,
                       createdOn: String? = nil) -> CustomerUpdate {
        CustomerUpdate(identifierName: name, identifierValue: value, label: label, reason: reason, source: source,
                       accountId: accountId, createdOn: createdOn)
    }

    static func rejection(_ update: CustomerUpdate) -> String? {
        if case .failure(let rejection) = RowValidator.validate(update) { return rejection.reason }
        return nil
    }

    static func accepted(_ update: CustomerUpdate) -> CustomerUpdate? {
        if case .success(let valid) = RowValidator.validate(update) { return valid }
        return nil
    }

    @Test("identifier names are put in their canonical spelling", arguments: [
        ("MOBILE", "mobile"), ("externalid", "externalId"), ("EMAIL", "email"), ("CardExternalID", "cardExternalId"),
        ("martjackid", "martjackId"), ("ID", "id"),
    ])
    func canonicalIdentifierName(given: String, canonical: String) {
        #expect(Self.accepted(Self.update(name: given))?.identifierName == canonical)
    }

    @Test("an unknown identifier name is rejected")
    func unknownIdentifierName() {
        #expect(Self.rejection(Self.update(name: "phone")) ==
            "identifierName 'phone' is not one of mobile, email, externalId, cardnumber, cardExternalId, wechat, fbid, martjackId, id")
        #expect(Self.rejection(Self.update(name: "")) == "identifierName is empty (add the column or --identifier-name)")
    }

    @Test("sources are canonicalised; unknown ones rejected")
    func sources() {
        #expect(Self.accepted(Self.update(source: "instore"))?.source == "INSTORE")
        #expect(Self.accepted(Self.update(source: "Web_Engage"))?.source == "WEB_ENGAGE")
        #expect(Self.rejection(Self.update(source: "SHOPIFY")) ==
            "source 'SHOPIFY' is not one of INSTORE, WECHAT, MARTJACK, WEB_ENGAGE, ECOMMERCE, JD, TAOBAO, TMALL, FACEBOOK, WEBSITE, LINE, MOBILE_APP")
    }

    @Test("empty value, label and reason are rejected")
    func emptyFields() {
        #expect(Self.rejection(Self.update(value: "")) == "identifierValue is empty")
        #expect(Self.rejection(Self.update(label: "")) == "label is empty")
        #expect(Self.rejection(Self.update(reason: "")) == "reason is empty")
    }

    @Test("a reason of 50 characters is accepted and 51 rejected, counting characters not bytes")
    func reasonLength() {
        let fifty = String(repeating: "ü", count: 49) + "x"
        #expect(fifty.utf8.count == 99)
        #expect(Self.accepted(Self.update(reason: fifty))?.reason == fifty)
        #expect(Self.accepted(Self.update(reason: String(repeating: "a", count: 50))) != nil)
        #expect(Self.rejection(Self.update(reason: fifty + "ü")) == "reason is 51 characters; at most 50 are allowed")
        #expect(Self.rejection(Self.update(reason: String(repeating: "a", count: 51))) ==
            "reason is 51 characters; at most 50 are allowed")
    }

    @Test("accountId is required with multi-account sources", arguments: ["WECHAT", "facebook", "LINE", "mobile_app"])
    func accountIdRequired(source: String) {
        #expect(Self.rejection(Self.update(source: source)) == "accountId is required with source \(source.uppercased())")
        let valid = Self.accepted(Self.update(source: source, accountId: "acc-1"))
        #expect(valid?.source == source.uppercased())
        #expect(valid?.accountId == "acc-1")
    }

    @Test("createdOn is sent as the API documents it: UTC, whole seconds, Z", arguments: [
        ("2026-01-31T09:30:00Z", "2026-01-31T09:30:00Z"),
        ("2026-01-31T15:00:00+05:30", "2026-01-31T09:30:00Z"),
        ("2026-01-31T09:30:00.250Z", "2026-01-31T09:30:00Z"),
        ("2026-01-31T09:30:00.999Z", "2026-01-31T09:30:00Z"),
        ("2026-01-31T09:30:00.123+05:30", "2026-01-31T04:00:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("2026-01-31T09:30:00-0800", "2026-01-31T17:30:00Z"),
        ("2026-01-01T01:00:00+02", "2025-12-31T23:00:00Z"),
        ("2026-01-31t09:30:00z", "2026-01-31T09:30:00Z"),
    ])
    func createdOnAsSent(given: String, sent: String) {
        #expect(Self.accepted(Self.update(createdOn: given))?.createdOn == sent)
    }

    @Test("second 60 (a leap second) is rejected with its own reason")
    func leapSecond() {
        #expect(Self.rejection(Self.update(createdOn: "2016-12-31T23:59:60Z")) ==
            "createdOn '2016-12-31T23:59:60Z' has second 60 (a leap second); the API takes seconds 00 to 59")
    }

    @Test("invalid createdOn values are rejected", arguments: [
        "2026-02-30T00:00:00Z", "31/01/2026", "2026-01-31", "2026-01-31T25:00:00Z", "2026-01-31T09:30:00",
    ])
    func invalidCreatedOn(value: String) {
        #expect(Self.rejection(Self.update(createdOn: value)) ==
            "createdOn '\(value)' is not an ISO 8601 date-time like 2026-01-31T09:30:00Z")
    }

    @Test("a fully valid update comes back unchanged apart from spellings")
    func validUpdate() {
        let given = Self.update(name: "Email", value: "A@B.com", source: "wechat", accountId: "wx1",
                                createdOn: "2026-01-31T09:30:00Z")
        var expected = given
        expected.identifierName = "email"
        expected.source = "WECHAT"
        #expect(Self.accepted(given) == expected)
    }
}
