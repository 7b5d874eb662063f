/// Which rows are read back (`--verify`).
public enum VerifyMode: String, Sendable, CaseIterable {
    /// Never: an uncertain row is sent again blindly (and flagged `resent`).
    case off
    /// Rows whose update may or may not have been applied, before anything is sent again (the default).
    case uncertain
    /// Also every succeeded row, after its update: verified, or mismatched when its label was changed since.
    case all
}
