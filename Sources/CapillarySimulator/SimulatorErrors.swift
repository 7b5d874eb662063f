import Foundation

/// Capillary's error body: `{"errors":[{"status":false,"code":N,"message":"..."}],"warnings":[]}`.
enum SimulatorErrors {
    static func reply(_ status: Int, code: Int, _ message: String) -> SimulatedReply {
        let object: [String: Any] = [
            "errors": [["status": false, "code": code, "message": message] as [String: Any]],
            "warnings": [Any](),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return SimulatedReply(status: status, body: String(decoding: data, as: UTF8.self))
    }
}
