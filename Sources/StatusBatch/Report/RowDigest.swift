/// Figures gathered from the rows while the report pass reads them anyway, so that the summary and
/// report.html need no scans of their own (each was a second or more on a million rows).
public struct RowDigest: Sendable {
    public private(set) var totals = RowTotals()
    /// Failed and gave-up rows per error code: the API code, else `HTTP nnn`, else `none`.
    public private(set) var errorCodes: [String: Int] = [:]
    /// The first `samplesPerCode` rows of each error code.
    public private(set) var errorSamples: [String: [SampleRow]] = [:]
    /// Rows per number of requests made for them (rows never sent are left out).
    public private(set) var rowsPerRequests: [Int: Int] = [:]
    /// The first `samplesPerCode` rejected rows (a query of its own scanned every row, even with none rejected).
    public private(set) var rejectedSamples: [SampleRow] = []
    private let samplesPerCode: Int

    public init(samplesPerCode: Int) { self.samplesPerCode = samplesPerCode }

    /// The digest of every row, read in one pass (for callers that do not read the rows anyway).
    public static func make(store: JobStore, samplesPerCode: Int = ReportFigures.samplesPerCode) throws -> RowDigest {
        var digest = RowDigest(samplesPerCode: samplesPerCode)
        try store.forEachReportRow { digest.add($0) }
        return digest
    }

    /// Takes in the digest of rows that come after every row taken so far (the next chunk in input order).
    public mutating func append(_ later: RowDigest) {
        for (state, count) in later.totals.counts { totals.counts[state, default: 0] += count }
        totals.resentAfterUnknown += later.totals.resentAfterUnknown
        totals.rowsWithWarnings += later.totals.rowsWithWarnings
        if let first = later.totals.firstSent { totals.firstSent = min(totals.firstSent ?? first, first) }
        if let last = later.totals.lastFinished { totals.lastFinished = max(totals.lastFinished ?? last, last) }
        totals.requests += later.totals.requests
        totals.readBack.append(later.totals.readBack)
        for (requests, rows) in later.rowsPerRequests { rowsPerRequests[requests, default: 0] += rows }
        for (code, count) in later.errorCodes { errorCodes[code, default: 0] += count }
        rejectedSamples += later.rejectedSamples.prefix(max(0, samplesPerCode - rejectedSamples.count))
        for (code, samples) in later.errorSamples {
            let room = samplesPerCode - errorSamples[code, default: []].count
            if room > 0 { errorSamples[code, default: []] += samples.prefix(room) }
        }
    }

    /// Takes one row into account.
    mutating func add(_ row: ReportRow) {
        totals.counts[row.state, default: 0] += 1
        if row.resentAfterUnknown { totals.resentAfterUnknown += 1 }
        if let warnings = row.warnings, !warnings.elementsEqual("[]".utf8) { totals.rowsWithWarnings += 1 }
        if let first = row.firstSentAt { totals.firstSent = min(totals.firstSent ?? first, first) }
        if let last = row.finishedAt { totals.lastFinished = max(totals.lastFinished ?? last, last) }
        totals.requests += row.requests
        totals.readBack.add(row)
        if row.requests > 0 { rowsPerRequests[row.requests, default: 0] += 1 }
        if row.state == .rejected { addRejected(row) }
        guard row.state == .failed || row.state == .gaveUp else { return }
        let code = row.apiCode.map(ReportRow.string) ?? row.httpStatus.map { "HTTP \($0)" } ?? "none"
        errorCodes[code, default: 0] += 1
        if errorSamples[code, default: []].count < samplesPerCode {
            let text = ReportRow.string
            errorSamples[code, default: []].append(SampleRow(
                line: row.line, identifier: text(row.identifierName) + " " + text(row.identifierValue),
                label: text(row.label), message: text(row.apiMessage)))
        }
    }
}

extension RowDigest {
    /// Takes a rejected row among the first few samples (their reasons are counted by a query: quoting the
    /// rejected value, they may be as many as the rows).
    private mutating func addRejected(_ row: ReportRow) {
        guard rejectedSamples.count < samplesPerCode else { return }
        let text = ReportRow.string
        let name = text(row.identifierName), value = text(row.identifierValue)
        rejectedSamples.append(SampleRow(line: row.line, identifier: name.isEmpty && value.isEmpty ? "" : name + " " + value,
                                         label: text(row.label), message: text(row.rejectReason)))
    }
}

/// Row counts and totals for the summary, gathered by `RowDigest`.
public struct RowTotals: Sendable, Equatable {
    public var counts: [RowState: Int] = [:]
    public var resentAfterUnknown = 0
    public var rowsWithWarnings = 0
    /// The first request and the last answer over all rows, and all requests.
    public var firstSent: Double?
    public var lastFinished: Double?
    public var requests = 0
    public var readBack = ReadBackTotals()
}

extension ReadBackTotals {
    /// Adds the figures of other rows (every field but `readsUnavailable`, which is the job's).
    mutating func append(_ other: ReadBackTotals) {
        reads += other.reads
        uncertainRows += other.uncertainRows
        previousRecorded += other.previousRecorded
        confirmedByReadBack += other.confirmedByReadBack
        resent += other.resent
        verified += other.verified
        mismatched += other.mismatched
        unchecked += other.unchecked
    }

    /// Takes one row's read-back figures into account.
    mutating func add(_ row: ReportRow) {
        reads += row.reads
        if row.uncertainCount > 0 { uncertainRows += 1 }
        if row.previousRecorded { previousRecorded += 1 }
        switch row.confirmation {
        case .readBack: confirmedByReadBack += 1
        case .resent: resent += 1
        case .answer, nil: break
        }
        switch row.verification {
        case .verified: verified += 1
        case .mismatched: mismatched += 1
        case .unchecked: unchecked += 1
        case nil: break
        }
    }
}
