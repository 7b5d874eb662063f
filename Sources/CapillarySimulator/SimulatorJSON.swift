import Foundation

/// Serialises the simulator's answer bodies (sorted keys, slashes unescaped) and formats its dates.
enum SimulatorJSON {
    /// `object` as compact JSON text; `{}` if it cannot be serialised.
    static func string(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A 200 answer with this JSON body.
    static func ok(_ object: [String: Any]) -> SimulatedReply {
        SimulatedReply(status: 200, body: string(object))
    }

    /// `seconds` since 1970 as ISO 8601 UTC without fractions: `YYYY-MM-DDTHH:mm:ssZ`.
    static func timestamp(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }
}
