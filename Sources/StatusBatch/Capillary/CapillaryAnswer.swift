import Foundation

/// A message from the API's `errors` or `warnings` arrays.
public struct APIMessage: Sendable, Equatable, Codable {
    public var code: String?
    public var message: String
}

/// A response parsed as far as it can be: status, createdId, errors, warnings, Retry-After.
public struct CapillaryAnswer: Sendable, Equatable {
    public var httpStatus: Int
    public var createdId: String?
    public var errors: [APIMessage]
    public var warnings: [APIMessage]
    /// Seconds to wait before the next request, from `Retry-After` (seconds or an HTTP date).
    public var retryAfter: Double?
    /// Set when the body was not the JSON the API documents: a short description of what it was.
    public var unreadableBody: String?

    /// Parses a response. `now` (seconds since 1970) turns an HTTP-date Retry-After into seconds.
    public static func parse(status: Int, headers: [(String, String)], body: [UInt8], now: Double) -> CapillaryAnswer {
        var answer = CapillaryAnswer(httpStatus: status, createdId: nil, errors: [], warnings: [], retryAfter: nil,
                                     unreadableBody: nil)
        if let value = header("retry-after", in: headers) {
            answer.retryAfter = RetryAfter.seconds(value, now: now)
        }
        let trimmed = body.drop { $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }
        guard !trimmed.isEmpty else {
            answer.unreadableBody = "empty body"
            return answer
        }
        guard trimmed.first == UInt8(ascii: "{"), let members = AnswerJSON.read(trimmed) ?? readWithFoundation(trimmed) else {
            answer.unreadableBody = describeNonJSON(Array(trimmed))
            return answer
        }
        answer.createdId = members.createdId
        answer.errors = members.errors
        answer.warnings = members.warnings
        return answer
    }

    /// The value of the response header `name` (lower case), matched regardless of case. The length is compared
    /// first: most headers are not the one looked for, and lowercasing each cost an allocation per answer.
    static func header(_ name: String, in headers: [(String, String)]) -> String? {
        let length = name.utf8.count
        return headers.first { $0.0.utf8.count == length && $0.0.lowercased() == name }?.1
    }

    /// The members read by `JSONSerialization`, for the documents `AnswerJSON` leaves to it; nil: not a JSON object.
    static func readWithFoundation(_ body: ArraySlice<UInt8>) -> AnswerJSON.Members? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return AnswerJSON.Members(createdId: scalarText(object["createdId"]), errors: messages(object["errors"]),
                                  warnings: messages(object["warnings"]))
    }

    private static func messages(_ value: Any?) -> [APIMessage] {
        guard let items = value as? [Any] else { return [] }
        return items.compactMap { item in
            guard let entry = item as? [String: Any] else {
                return scalarText(item).map { APIMessage(code: nil, message: $0) }
            }
            return APIMessage(code: scalarText(entry["code"]), message: scalarText(entry["message"]) ?? "")
        }
    }

    /// A JSON string, or a number as text (codes and ids come as either); nil for anything else.
    static func scalarText(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    /// A short, single-line description of a body that is not JSON (an HTML or XML gateway page).
    static func describeNonJSON(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(2048), as: UTF8.self)
        let lower = text.lowercased()
        let kind = lower.contains("<html") || lower.contains("<!doctype html") ? "HTML" : (lower.hasPrefix("<") ? "XML" : "text")
        var snippet = text
        if kind != "text" {
            // Keep the readable words of a markup page, e.g. its title or fault string.
            var inTag = false
            snippet = String(text.filter { character in
                if character == "<" { inTag = true; return false }
                if character == ">" { inTag = false; return false }
                return !inTag
            })
        }
        let words = snippet.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return "non-JSON \(kind) body: " + String(words.prefix(160))
    }
}
