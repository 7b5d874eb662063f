import Foundation
import Testing
@testable import StatusBatch

/// CapillaryRequest: URL, query order and encoding, JSON body and headers of Update Customer Status.
@Suite("CapillaryRequest")
struct CapillaryRequestTests {
    static let endpoint = try! CapillaryEndpoint(baseURL: "https://eu.api.capillarytech.com/")

    static func request(_ update: CustomerUpdate, credentials: CapillaryCredentials = .none) -> CapillaryRequest {
        CapillaryRequest.updateStatus(update, endpoint: endpoint, authHeaders: credentials.headers)
    }

    @Test("percentEncode escapes everything but unreserved characters", arguments: [
        ("+", "%2B"), ("@", "%40"), ("&", "%26"), ("=", "%3D"), ("#", "%23"), ("%", "%25"), ("/", "%2F"),
        ("?", "%3F"), (" ", "%20"), ("ü", "%C3%BC"), ("AZaz09-._~", "AZaz09-._~"), ("€", "%E2%82%AC"),
        ("\n", "%0A"), (":", "%3A"), ("", ""),
    ])
    func percentEncode(raw: String, encoded: String) {
        #expect(CapillaryRequest.percentEncode(raw) == encoded)
    }

    @Test("the identifier value is percent-encoded in the query")
    func encodedIdentifier() {
        let update = CustomerUpdate(identifierName: "externalId", identifierValue: "a+b@c&d=e#f%g/h?i jü",
                                    label: "VIP", reason: "r", source: "INSTORE")
        #expect(Self.request(update).url ==
            "https://eu.api.capillarytech.com/v2/customers/lookup/status?source=INSTORE&identifierName=externalId"
            + "&identifierValue=a%2Bb%40c%26d%3De%23f%25g%2Fh%3Fi%20j%C3%BC")
    }

    @Test("query order: source, accountId (when present), identifierName, identifierValue")
    func queryOrder() {
        let update = CustomerUpdate(identifierName: "wechat", identifierValue: "wx id", label: "VIP", reason: "r",
                                    source: "WECHAT", accountId: "acc/1")
        let request = Self.request(update)
        #expect(request.method == "PUT")
        #expect(request.url == "https://eu.api.capillarytech.com/v2/customers/lookup/status?source=WECHAT&accountId=acc%2F1"
            + "&identifierName=wechat&identifierValue=wx%20id")
    }

    @Test("body has reason and label, and createdOn only when present")
    func body() {
        var update = CustomerUpdate(identifierName: "mobile", identifierValue: "919800000001", label: "VIP",
                                    reason: "Quarterly review", source: "INSTORE")
        #expect(String(decoding: Self.request(update).body, as: UTF8.self) ==
            #"{"reason":"Quarterly review","label":"VIP"}"#)
        update.createdOn = "2026-01-31T09:30:00Z"
        #expect(String(decoding: Self.request(update).body, as: UTF8.self) ==
            #"{"reason":"Quarterly review","label":"VIP","createdOn":"2026-01-31T09:30:00Z"}"#)
    }

    @Test("quotes, backslashes, line breaks and control characters are escaped in the body")
    func bodyEscaping() throws {
        let reason = "Customer said \"please\", twice,\nsee \\ticket\t\u{01}"
        let update = CustomerUpdate(identifierName: "mobile", identifierValue: "1", label: "Gold \"A\"", reason: reason,
                                    source: "INSTORE")
        let body = Self.request(update).body
        #expect(String(decoding: body, as: UTF8.self) ==
            #"{"reason":"Customer said \"please\", twice,\nsee \\ticket\t\u0001","label":"Gold \"A\""}"#)
        let decoded = try #require(JSONSerialization.jsonObject(with: Data(body)) as? [String: String])
        #expect(decoded == ["reason": reason, "label": "Gold \"A\""])
    }

    @Test("headers: JSON content type and accept, then the credentials'")
    func headers() {
        let update = CustomerUpdate(identifierName: "mobile", identifierValue: "1", label: "VIP", reason: "r", source: "INSTORE")
        #expect(Self.request(update).headers == [
            .init(name: "Content-Type", value: "application/json"),
            .init(name: "Accept", value: "application/json"),
        ])
        let withAuth = Self.request(update, credentials: .basic(username: "stub-till", password: "stub-pass"))
        #expect(withAuth.headers.map(\.name) == ["Content-Type", "Accept", "Authorization"])
        #expect(withAuth.headers.last?.value == "Basic c3R1Yi10aWxsOjg5ZWZmYzI2NGUwNDgzZDgzNTc4ZmRiMzYwYjQwNGYy")
    }
}
