import Foundation

/// What `statusbatch validate` (and `run --dry-run`) finds in an input file, without sending anything.
public struct InputValidation: Sendable {
    /// A value and how many rows carry it, with the first line where it appears.
    public struct Tally: Sendable, Equatable {
        public var value: String
        public var count: Int
        public var firstLine: Int
    }

    public var input: String
    public var rows: Int
    public var wouldSend: Int
    public var rejected: Int
    public var superseded: Int
    public var duplicateCustomers: Int
    public var rejectionReasons: [Tally]
    public var identifierNames: [Tally]
    public var labels: [Tally]
    public var sources: [Tally]
    /// The rate the estimate assumes, and the estimate: one request per row that would be sent.
    public var rate: SendRate
    public var estimatedSeconds: Double
    public var apiCalls: Int
    /// Said first when most rows were rejected for the file's encoding (`InputReader.encodingProblem`).
    public var encodingProblem: String?

    /// Reads and validates the whole file through a temporary job database, which is removed afterwards.
    public static func run(inputPath: String, defaults: InputDefaults, delimiter: Character?, encoding: InputEncoding? = nil,
                           sheet: String? = nil, rate: SendRate, stop: StopSignal = StopSignal()) throws -> InputValidation {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("statusbatch-validate-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try JobStore(path: folder + "/validate.sqlite", durability: .processCrash)
        let reader = try InputReader(path: inputPath, defaults: defaults, delimiter: delimiter, encoding: encoding, sheet: sheet)
        // Nothing is sent from this database: the index of sendable rows is never needed.
        try store.beginBulkLoad()
        let loaded = try JobIngest.load(reader, into: store, stop: stop)
        _ = try store.supersedeDuplicates(among: loaded.repeatedKeys)
        let counts = try store.countsByState()
        let wouldSend = counts[.pending] ?? 0
        func top(_ column: ValidationColumn, _ state: RowState, _ limit: Int) throws -> [Tally] {
            try store.topValues(of: column, state: state, limit: limit).map { Tally(value: $0.value, count: $0.count, firstLine: $0.firstLine) }
        }
        return InputValidation(
            input: inputPath, rows: counts.values.reduce(0, +), wouldSend: wouldSend, rejected: counts[.rejected] ?? 0,
            superseded: counts[.superseded] ?? 0, duplicateCustomers: try store.duplicateCustomerCount(),
            rejectionReasons: try top(.rejectReason, .rejected, 10), identifierNames: try top(.identifierName, .pending, 20),
            labels: try top(.label, .pending, 20), sources: try top(.source, .pending, 20), rate: rate,
            estimatedSeconds: Double(wouldSend) / rate.perSecond, apiCalls: wouldSend,
            encodingProblem: reader.encodingProblem(records: loaded.rows))
    }
}
