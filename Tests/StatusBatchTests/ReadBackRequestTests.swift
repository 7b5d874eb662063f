import Foundation
import Testing
@testable import StatusBatch

/// CapillaryRequest.lookup and .statusLog: the two read-back GET requests, their URLs and headers.
@Suite("ReadBackRequest")
struct ReadBackRequestTests {
    static let endpoint = try! CapillaryEndpoint(baseURL: "https://eu.api.capillarytech.com/")
    static let base = "https://eu.api.capillarytech.com"

    /// The headers of a request as `name: value` lines, in order.
    static func headerLines(_ request: CapillaryRequest) -> [String] {
        request.headers.map { "\($0.name): \($0.value)" }
    }

    /// The lookup request for `update` with no credentials and no options.
    static func lookup(_ update: CustomerUpdate) -> CapillaryRequest {
        CapillaryRequest.lookup(update, endpoint: endpoint, authHeaders: [])
    }

    @Test("lookup is a GET of /v2/customers/lookup with source, identifierName and identifierValue")
    func lookupURL() {
        let request = Self.lookup(mobileUpdate("919800000001"))
        #expect(request.method == "GET")
        #expect(request.url == Self.base + "/v2/customers/lookup?source=INSTORE&identifierName=mobile&identifierValue=919800000001")
        #expect(request.body.isEmpty)
    }

    @Test("the identifier value is percent-encoded: +, @, spaces and non-ASCII", arguments: [
        ("+919800000001", "%2B919800000001"),
        ("ann+tag@example.com", "ann%2Btag%40example.com"),
        ("Zoë Müller 7", "Zo%C3%AB%20M%C3%BCller%207"),
        ("a&b=c#d/e?f%g", "a%26b%3Dc%23d%2Fe%3Ff%25g"),
        ("客户-1", "%E5%AE%A2%E6%88%B7-1"),
    ])
    func encodedValue(value: String, encoded: String) {
        let update = CustomerUpdate(identifierName: "externalId", identifierValue: value, label: "VIP", reason: "r",
                                    source: "INSTORE")
        #expect(Self.lookup(update).url
            == Self.base + "/v2/customers/lookup?source=INSTORE&identifierName=externalId&identifierValue=" + encoded)
    }

    @Test("accountId goes between source and identifierName when present, encoded")
    func accountId() {
        let update = CustomerUpdate(identifierName: "wechat", identifierValue: "wx id", label: "VIP", reason: "r",
                                    source: "WECHAT", accountId: "acc/1 +")
        #expect(Self.lookup(update).url == Self.base
            + "/v2/customers/lookup?source=WECHAT&accountId=acc%2F1%20%2B&identifierName=wechat&identifierValue=wx%20id")
    }

    @Test("the label, reason and createdOn of the row are not in a lookup")
    func noUpdateFields() {
        let update = CustomerUpdate(identifierName: "mobile", identifierValue: "919800000001", label: "Suspicious",
                                    reason: "chargeback", source: "INSTORE", createdOn: "2026-11-30T10:15:02Z")
        let url = Self.lookup(update).url
        #expect(!url.contains("label") && !url.contains("reason") && !url.contains("createdOn"))
    }

    @Test("lookup carries Accept, the authentication and attribution headers; no Content-Type, no use_async")
    func lookupHeaders() {
        let options = StatusUpdateOptions(useAsync: true, attributionType: "TILL", attributionCode: "store-42")
        let request = CapillaryRequest.lookup(mobileUpdate("919800000001"), endpoint: Self.endpoint,
                                              authHeaders: CapillaryCredentials.oauthToken("tok-1").headers, options: options)
        #expect(Self.headerLines(request) == [
            "Accept: application/json",
            "X-CAP-API-OAUTH-TOKEN: tok-1",
            "X-CAP-API-ATTRIBUTION-ENTITY-TYPE: TILL",
            "X-CAP-API-ATTRIBUTION-ENTITY-CODE: store-42",
        ])
        #expect(!request.headers.contains { $0.name.lowercased() == "content-type" })
        #expect(!request.url.contains("use_async"))
        #expect(request.body.isEmpty)
    }

    @Test("lookup with basic credentials carries the same Authorization header as the update")
    func basicAuth() {
        let credentials = CapillaryCredentials.basic(username: "till", password: "secret")
        let lookup = CapillaryRequest.lookup(mobileUpdate("1"), endpoint: Self.endpoint, authHeaders: credentials.headers)
        let update = CapillaryRequest.updateStatus(mobileUpdate("1"), endpoint: Self.endpoint, authHeaders: credentials.headers)
        let authorization = lookup.headers.filter { $0.name == "Authorization" }
        #expect(authorization.count == 1)
        #expect(authorization.first?.value.hasPrefix("Basic ") == true)
        #expect(authorization == update.headers.filter { $0.name == "Authorization" })
    }

    @Test("statusLog is a GET of /v2/customers/{id}/statusLog with the same headers and no body")
    func statusLog() {
        let options = StatusUpdateOptions(attributionType: "TILL")
        let request = CapillaryRequest.statusLog(customerId: "700000001", endpoint: Self.endpoint,
                                                 authHeaders: [("X-CAP-API-OAUTH-TOKEN", "tok-1")], options: options)
        #expect(request.method == "GET")
        #expect(request.url == Self.base + "/v2/customers/700000001/statusLog")
        #expect(request.body.isEmpty)
        #expect(Self.headerLines(request) == [
            "Accept: application/json", "X-CAP-API-OAUTH-TOKEN: tok-1", "X-CAP-API-ATTRIBUTION-ENTITY-TYPE: TILL",
        ])
    }

    @Test("a customer id that is not a plain number cannot escape its path segment")
    func statusLogEncodesId() {
        let request = CapillaryRequest.statusLog(customerId: "7/../x?y", endpoint: Self.endpoint, authHeaders: [])
        #expect(request.url == Self.base + "/v2/customers/7%2F..%2Fx%3Fy/statusLog")
    }

    @Test("a base URL with a path prefix keeps it")
    func basePath() throws {
        let endpoint = try CapillaryEndpoint(baseURL: "http://127.0.0.1:8080/gw/")
        #expect(CapillaryRequest.statusLog(customerId: "7", endpoint: endpoint, authHeaders: []).url
            == "http://127.0.0.1:8080/gw/v2/customers/7/statusLog")
        #expect(CapillaryRequest.lookup(mobileUpdate("1"), endpoint: endpoint, authHeaders: []).url
            == "http://127.0.0.1:8080/gw/v2/customers/lookup?source=INSTORE&identifierName=mobile&identifierValue=1")
    }
}
