import Foundation

/// Reads the input into the store once per job, and checks on resume that input and options are the same.
enum JobIngest {
    /// Rows written per transaction during ingest.
    static let batchSize = 5000

    /// Prepares the store for sending: ingests a new job, or verifies a job that already ingested this input.
    /// Returns true when the input was (re)ingested now.
    static func prepare(store: JobStore, configuration: JobConfiguration, stop: StopSignal) throws -> Bool {
        let input = configuration.inputPath
        let fingerprint: (size: Int, sha256: String)
        do {
            fingerprint = try ByteSource.sizeAndDigest(path: input)
        } catch let error as StatusBatchError {
            throw error
        } catch {
            throw StatusBatchError.usage("\(input): cannot read the file: \(error.localizedDescription)")
        }
        if configuration.restart { try store.clearJob() }
        if try store.meta(JobMetaKey.ingestComplete) == "1" {
            try verifySameJob(store: store, configuration: configuration, fingerprint: fingerprint)
            return false
        }
        // A job whose ingest never finished sent nothing: start it again from a clean table.
        try store.clearJob()
        var meta: [String: String] = [
            JobMetaKey.inputPath: input,
            JobMetaKey.inputSize: String(fingerprint.size),
            JobMetaKey.inputSHA256: fingerprint.sha256,
            JobMetaKey.createdAt: Timestamp.iso(Date().timeIntervalSince1970),
            JobMetaKey.ingestComplete: "0",
        ]
        for (name, value) in configuration.sendAffectingOptions { meta[JobMetaKey.option(name)] = value }
        try store.setMeta(meta)
        let reader = try InputReader(path: input, defaults: configuration.defaults, delimiter: configuration.delimiter)
        try store.beginBulkLoad()
        try load(reader, into: store, stop: stop)
        try store.endBulkLoad()
        // The file must not have changed between fingerprinting it and parsing it.
        guard let parsed = reader.fingerprintOfWhatWasRead(), parsed.size == fingerprint.size,
              parsed.sha256 == fingerprint.sha256 else {
            throw StatusBatchError.usage(
                "\(input) changed while it was being read (was \(fingerprint.size) bytes); nothing was sent; run again once the file is complete")
        }
        _ = try store.supersedeDuplicates()
        let header = String(decoding: try JSONEncoder().encode(reader.header), as: UTF8.self)
        try store.setMeta([
            JobMetaKey.inputFormat: reader.format.rawValue,
            JobMetaKey.header: header,
            JobMetaKey.ingestComplete: "1",
        ])
        return true
    }

    /// Streams every record of `reader` into `store` in batches (one transaction each).
    static func load(_ reader: InputReader, into store: JobStore, stop: StopSignal) throws {
        var batch: [IngestedRecord] = []
        batch.reserveCapacity(batchSize)
        var nextId = 1
        while let record = try reader.next() {
            batch.append(record)
            if batch.count == batchSize {
                if stop.isRaised {
                    throw StatusBatchError(.stoppedEarly,
                                           "stopped while reading the input; nothing was sent; the same command starts the job again")
                }
                try store.insert(batch, firstId: nextId)
                nextId += batch.count
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.insert(batch, firstId: nextId)
    }

    /// Refuses to resume with a different input file or different send-affecting options.
    private static func verifySameJob(store: JobStore, configuration: JobConfiguration,
                                      fingerprint: (size: Int, sha256: String)) throws {
        let hint = "use --restart to start this job over, or --workdir to start a separate job"
        let storedSize = try store.meta(JobMetaKey.inputSize) ?? ""
        let storedHash = try store.meta(JobMetaKey.inputSHA256) ?? ""
        if storedSize != String(fingerprint.size) || storedHash != fingerprint.sha256 {
            throw StatusBatchError.usage(
                "\(configuration.inputPath) is not the file this job was started with (job: \(storedSize) bytes, sha256 \(storedHash.prefix(12))…; now: \(fingerprint.size) bytes, sha256 \(fingerprint.sha256.prefix(12))…); \(hint)")
        }
        var differences: [String] = []
        for (name, value) in configuration.sendAffectingOptions.sorted(by: { $0.key < $1.key }) {
            let stored = try store.meta(JobMetaKey.option(name)) ?? ""
            if stored != value {
                differences.append("--\(name) was '\(stored)', now '\(value)'")
            }
        }
        if !differences.isEmpty {
            throw StatusBatchError.usage(
                "this job was started with other options: \(differences.joined(separator: "; ")); \(hint)")
        }
    }
}
