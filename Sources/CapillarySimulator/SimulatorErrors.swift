import Foundation

/// Capillary's error body: `{"errors":[{"status":false,"code":N,"message":"..."}],"warnings":[]}`.
enum SimulatorErrors {
    static func reply(_ status: Int, code: Int, _ message: String) -> SimulatedReply {
        let object: [String: Any] = [
            "errors": [["status": false, "code": code, "message": message] as [String: Any]],
            "warnings": [Any](),
        ]
        return SimulatedReply(status: status, body: SimulatorJSON.string(object))
    }

    /// A 401: Capillary's JSON error body (with `message`), or with `xml` a gateway's XML fault whose message is
    /// `xmlMessage`.
    static func unauthorized(_ message: String, xml: Bool, xmlMessage: String = "Invalid credentials") -> SimulatedReply {
        guard xml else { return reply(401, code: 401, message) }
        let body = #"<?xml version="1.0" encoding="UTF-8"?><fault><code>401</code><message>"#
            + escapeXML(xmlMessage) + "</message></fault>"
        return SimulatedReply(status: 401, contentType: "application/xml", body: body)
    }

    /// `text` with XML's five special characters escaped.
    static func escapeXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
