/// The fixed status a label belongs to, as the simulated org configures it. Capillary lets each org put its
/// labels under fixed statuses; the simulator uses this fixed mapping:
/// "Suspended", "Suspicious", "Fraud Suspected" → "Suspended"; "Dormant", "Inactive" → "Inactive";
/// every other label → "Active".
enum LabelStatus {
    static func status(of label: String) -> String {
        switch label {
        case "Suspended", "Suspicious", "Fraud Suspected": return "Suspended"
        case "Dormant", "Inactive": return "Inactive"
        default: return "Active"
        }
    }
}
