import Foundation

/// The bodies of the read-back calls, parsed tolerantly (the docs are unsure of the wrappers).
enum ReadBackDocument {
    /// The numeric id from a lookup: at the top level, or in the first element of `customers` (or `customer`).
    static func customerId(_ object: [String: Any]) -> String? {
        if let id = text(object["id"]) { return id }
        if let customers = object["customers"] as? [[String: Any]], let id = customers.first.flatMap({ text($0["id"]) }) {
            return id
        }
        if let customer = object["customer"] as? [String: Any] { return text(customer["id"]) }
        return nil
    }

    /// The entries of a status log (`statusLog`, or `data`), newest first; nil when there is no such array.
    static func statusLog(_ object: [String: Any]) -> [StatusLogEntry]? {
        guard let items = (object["statusLog"] ?? object["data"]) as? [Any] else { return nil }
        return items.compactMap { item in
            guard let entry = item as? [String: Any] else { return nil }
            let active: Bool
            switch entry["isActive"] {
            case let flag as Bool: active = flag
            case let text as String: active = text.lowercased() == "true"
            default: active = false
            }
            return StatusLogEntry(label: text(entry["label"]) ?? "", reason: text(entry["reason"]) ?? "",
                                  createdOn: text(entry["createdOn"]).flatMap { Timestamp.seconds(iso: $0) },
                                  createdId: text(entry["createdId"]), isActive: active)
        }
    }

    private static func text(_ value: Any?) -> String? {
        CapillaryAnswer.scalarText(value).flatMap { $0.isEmpty ? nil : $0 }
    }
}
