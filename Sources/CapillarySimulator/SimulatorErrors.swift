import Foundation

/// Capillary's error body: `{"errors":[{"status":false,"code":N,"message":"..."}],"warnings":[]}`.
enum SimulatorErrors {
    static func reply(_ status: Int, code: Int, _ message: String) -> SimulatedReply {
        let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return SimulatedReply(
            status: status,
            body: "{\"errors\":[{\"status\":false,\"code\":\(code),\"message\":\"\(escaped)\"}],\"warnings\":[]}")
    }
}
