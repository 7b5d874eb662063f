import Foundation

/// Reads the input into the store once per job, and checks on resume that input and options are the same.
enum JobIngest {
    /// Rows written per transaction during ingest.
    static let batchSize = 5000

    /// Rows per state right after an ingest, counted while reading (nil when the job was ingested before).
    typealias StoredCounts = [RowState: Int]

    /// Prepares the store for sending: ingests a new job, or verifies a job that already ingested this input.
    /// Returns the counts of a job ingested now, nil for one ingested before.
    static func prepare(store: JobStore, configuration: JobConfiguration, stop: StopSignal) throws -> StoredCounts? {
        let input = configuration.inputPath
        let stamp = ByteSource.stamp(path: input)
        if configuration.restart { try store.clearJob() }
        if try store.meta(JobMetaKey.ingestComplete) == "1" {
            // Same size and modification time as when it was hashed: hashing a large file again is most of
            // a resume's start-up time, and the rows to send come from the store, not from the file.
            if let stamp, try store.meta(JobMetaKey.inputSize) == String(stamp.size),
               try store.meta(JobMetaKey.inputModified) == stamp.modified {
                try verifySameOptions(store: store, configuration: configuration)
                return nil
            }
            try verifySameInput(store: store, configuration: configuration, fingerprint: try digest(input))
            try verifySameOptions(store: store, configuration: configuration)
            if let stamp { try store.setMeta([JobMetaKey.inputModified: stamp.modified]) }
            return nil
        }
        guard let before = stamp else { throw StatusBatchError.usage("\(input): cannot read the file") }
        // A job whose ingest never finished sent nothing: start it again from a clean table.
        try store.clearJob()
        var meta: [String: String] = [
            JobMetaKey.inputPath: input,
            JobMetaKey.createdAt: Timestamp.iso(Date().timeIntervalSince1970),
            JobMetaKey.ingestComplete: "0",
        ]
        for (name, value) in configuration.sendAffectingOptions { meta[JobMetaKey.option(name)] = value }
        try store.setMeta(meta)
        let reader = try InputReader(path: input, defaults: configuration.defaults, delimiter: configuration.delimiter,
                                     encoding: configuration.encoding, sheet: configuration.sheet)
        try store.beginBulkLoad()
        let loaded = try load(reader, into: store, stop: stop)
        try store.endBulkLoad()
        // A wrong encoding is a problem of the whole file: nothing is sent, and the next run reads it afresh.
        if let problem = reader.encodingProblem(records: loaded.rows) {
            throw StatusBatchError.usage(problem + "; nothing was sent")
        }
        // The fingerprint is the hash of exactly the bytes parsed; the file must still be what was read:
        // same size and modification time as before reading, and every byte of it parsed.
        guard let parsed = reader.fingerprintOfWhatWasRead(), let after = ByteSource.stamp(path: input),
              after.size == before.size, after.modified == before.modified, parsed.size == before.size else {
            throw StatusBatchError.usage(
                "\(input) changed while it was being read (was \(before.size) bytes); nothing was sent; run again once the file is complete")
        }
        // Finding repeated customers needs them sorted; SQLite does that on disk, in bounded memory.
        let superseded = try store.supersedeDuplicates(among: loaded.repeatedKeys)
        let header = String(decoding: try JSONEncoder().encode(reader.header), as: UTF8.self)
        try store.setMeta([
            JobMetaKey.inputSize: String(parsed.size),
            JobMetaKey.inputSHA256: parsed.sha256,
            JobMetaKey.inputModified: before.modified,
            JobMetaKey.inputFormat: reader.format.rawValue,
            JobMetaKey.header: header,
            JobMetaKey.ingestComplete: "1",
        ])
        return [.pending: loaded.rows - loaded.rejected - superseded, .rejected: loaded.rejected, .superseded: superseded]
    }

    /// What `load` stored.
    struct Loaded {
        var rows: Int
        var rejected: Int
        /// Customer keys that may be on more than one valid row (nil: too many to tell).
        var repeatedKeys: [String]?
    }

    /// Streams every record of `reader` into `store` in batches (one transaction each): this thread parses and
    /// validates while a second one inserts through its own connection, so ingest uses two cores.
    @discardableResult
    static func load(_ reader: InputReader, into store: JobStore, stop: StopSignal) throws -> Loaded {
        let relay = ChunkRelay<[IngestedRecord]>(ahead: 4)
        let inserter = BatchInserter(path: store.path, relay: relay)
        var watch = DuplicateWatch()
        var batch: [IngestedRecord] = []
        batch.reserveCapacity(batchSize)
        var (rows, rejected, batches) = (0, 0, 0)
        do {
            while let record = try reader.next() {
                rows += 1
                if let key = record.customerKey { watch.see(key) } else { rejected += 1 }
                batch.append(record)
                if batch.count == batchSize {
                    if stop.isRaised {
                        throw StatusBatchError(.stoppedEarly,
                                               "stopped while reading the input; nothing was sent; the same command starts the job again")
                    }
                    // A refused batch means the inserter stopped: its error is thrown below.
                    guard relay.put(batch, index: batches) else { break }
                    batches += 1
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty, relay.put(batch, index: batches) { batches += 1 }
            relay.put([], index: batches)
        } catch {
            relay.fail(error)
            _ = inserter.finish()
            throw error
        }
        try inserter.finish().get()
        return Loaded(rows: rows, rejected: rejected, repeatedKeys: watch.candidates)
    }

    /// Size and SHA-256 of the input, with a usage error when it cannot be read.
    private static func digest(_ input: String) throws -> (size: Int, sha256: String) {
        do {
            return try ByteSource.sizeAndDigest(path: input)
        } catch let error as StatusBatchError {
            throw error
        } catch {
            throw StatusBatchError.usage("\(input): cannot read the file: \(error.localizedDescription)")
        }
    }

    private static let resumeHint = "use --restart to start this job over, or --workdir to start a separate job"

    /// Refuses to resume with a different input file.
    private static func verifySameInput(store: JobStore, configuration: JobConfiguration,
                                        fingerprint: (size: Int, sha256: String)) throws {
        let storedSize = try store.meta(JobMetaKey.inputSize) ?? ""
        let storedHash = try store.meta(JobMetaKey.inputSHA256) ?? ""
        if storedSize != String(fingerprint.size) || storedHash != fingerprint.sha256 {
            throw StatusBatchError.usage(
                "\(configuration.inputPath) is not the file this job was started with (job: \(storedSize) bytes, sha256 \(storedHash.prefix(12))…; now: \(fingerprint.size) bytes, sha256 \(fingerprint.sha256.prefix(12))…); \(resumeHint)")
        }
    }

    /// Refuses to resume with different send-affecting options.
    private static func verifySameOptions(store: JobStore, configuration: JobConfiguration) throws {
        var differences: [String] = []
        for (name, value) in configuration.sendAffectingOptions.sorted(by: { $0.key < $1.key }) {
            let stored = try store.meta(JobMetaKey.option(name)) ?? ""
            if stored != value {
                differences.append("--\(name) was '\(stored)', now '\(value)'")
            }
        }
        if !differences.isEmpty {
            throw StatusBatchError.usage(
                "this job was started with other options: \(differences.joined(separator: "; ")); \(resumeHint)")
        }
    }
}
