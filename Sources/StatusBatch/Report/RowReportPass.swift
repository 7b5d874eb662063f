import Foundation

/// The per-row part of the reports: results.csv, results.jsonl and failed.csv with the row digest, made
/// in chunks of rows on two threads (this one, and a helper reading through its own connection) and
/// written in input order. Formatting a million rows is most of a report; two cores halve it.
enum RowReportPass {
    /// Rows per chunk: about 1.4 MB of formatted lines, so the chunks waiting stay small (4,096 put the whole
    /// job's peak at 63 MB, and formatted no faster).
    static let chunkRows = 2048
    /// Chunks formatted ahead of the one due, by each thread.
    static let ahead = 3
    /// Below this many rows a helper thread costs more than it saves.
    static let helperFrom = 3 * chunkRows

    /// Where the lines go.
    struct Files {
        let csv: AtomicFileWriter
        let jsonl: AtomicFileWriter
        let failed: AtomicFileWriter
    }

    /// Writes every row's lines into `files` in input order, then calls `written` (to commit them); returns the
    /// digests of all rows and of the attempts (read meanwhile on a thread of their own).
    /// `header` is the CSV input's header (failed.csv repeats the records), nil for JSONL input.
    static func run(store: JobStore, header: [String]?, into files: Files,
                    written: () throws -> Void) throws -> (rows: RowDigest, attempts: AttemptDigest) {
        let lastId = try store.rowCount()
        let chunks = (lastId + chunkRows - 1) / chunkRows
        var digest = RowDigest(samplesPerCode: ReportFigures.samplesPerCode)
        func write(_ chunk: FormattedRows) throws {
            try files.csv.write(bytes: chunk.csv)
            try files.jsonl.write(bytes: chunk.jsonl)
            try files.failed.write(bytes: chunk.failed)
            digest.append(chunk.digest)
        }
        guard lastId >= helperFrom else {
            for index in 0..<chunks { try write(FormattedRows(store: store, ids: ids(of: index, lastId: lastId), header: header)) }
            try written()
            return (digest, try AttemptDigest.make(store: store))
        }
        let relay = ChunkRelay<FormattedRows>(ahead: ahead)
        let attemptsRelay = ChunkRelay<AttemptDigest>(ahead: 1)
        let path = store.path
        // Both threads claim the next chunk nobody formats yet (a fixed share left this thread, which also
        // writes, formatting alone at the end); this one writes them all in order. The attempt history is
        // digested on a third thread from the start: at the end, after its chunks, it kept one core busy for
        // most of a second while the other waited.
        let helper = Thread {
            do {
                let own = try JobStore(path: path, readOnly: true)
                while true {
                    let index = relay.claim()
                    guard index < chunks else { return }
                    let chunk = try FormattedRows(store: own, ids: ids(of: index, lastId: lastId), header: header)
                    guard relay.put(chunk, index: index) else { return }
                }
            } catch {
                relay.fail(error)
            }
        }
        let attemptsHelper = Thread {
            do {
                attemptsRelay.put(try AttemptDigest.make(store: try JobStore(path: path, readOnly: true)), index: 0)
            } catch {
                attemptsRelay.fail(error)
            }
        }
        helper.start()
        attemptsHelper.start()
        defer {
            relay.cancel()
            attemptsRelay.cancel()
        }
        var formatted: [Int: FormattedRows] = [:]
        var claimed = -1
        for index in 0..<chunks {
            // While the chunk due is not ready, format one more (not too far ahead, so memory stays bounded).
            while formatted[index] == nil, claimed < chunks, claimed - index < ahead {
                if let chunk = try relay.poll(index: index) {
                    formatted[index] = chunk
                    break
                }
                claimed = relay.claim()
                if claimed < chunks {
                    formatted[claimed] = try FormattedRows(store: store, ids: ids(of: claimed, lastId: lastId), header: header)
                }
            }
            try write(formatted.removeValue(forKey: index) ?? relay.take(index: index))
        }
        try written()
        return (digest, try attemptsRelay.take(index: 0))
    }

    /// The ids of chunk `index`.
    private static func ids(of index: Int, lastId: Int) -> ClosedRange<Int> {
        (index * chunkRows + 1)...min(lastId, (index + 1) * chunkRows)
    }
}

/// The lines of consecutive rows for each per-row report, and their digest.
struct FormattedRows: Sendable {
    var csv: [UInt8] = []
    var jsonl: [UInt8] = []
    var failed: [UInt8] = []
    var digest = RowDigest(samplesPerCode: ReportFigures.samplesPerCode)

    /// Reads and formats the rows whose ids are in `ids`.
    init(store: JobStore, ids: ClosedRange<Int>, header: [String]?) throws {
        csv.reserveCapacity(ids.count * 160)
        jsonl.reserveCapacity(ids.count * 520)
        // The keys are taken once per chunk: read per row, their reference counts were contended.
        try ResultsJSONLWriter.withKeys { keys in try DerivedFields.forEachRow(of: store, ids: ids) { row, derived in
            digest.add(row)
            ResultsCSVWriter.append(row, derived: derived, to: &csv)
            csv.append(UInt8(ascii: "\n"))
            ResultsJSONLWriter.append(row, derived: derived, keys: keys, to: &jsonl)
            jsonl.append(UInt8(ascii: "\n"))
            // Exactly the rows that need attention carry their record.
            if let record = row.record {
                failed.append(contentsOf: FailedRowsWriter.line(update: record.update, raw: record.raw, header: header).utf8)
                failed.append(UInt8(ascii: "\n"))
            }
        } }
    }
}
