/// Reads an input file (CSV, JSONL or an .xlsx workbook's sheet) record by record and turns each into a validated or rejected row.
public final class InputReader {
    /// The record being stored, as one CSV line (reused from record to record).
    private var rawBytes: [UInt8] = []
    public let path: String
    public let format: InputFormat
    /// The CSV header as written in the file (JSONL: the canonical columns used for failed.csv).
    public let header: [String]
    public let delimiter: UInt8
    private let defaults: InputDefaults
    private let csv: CSVParser?
    private let jsonl: JSONLParser?
    private let mapping: ColumnMapping?
    private let source: ByteSource
    /// The sheet of a workbook, converted (its records carry the sheet's row number first).
    private let sheet: SheetConversion?
    /// Records rejected as invalid UTF-8 that read as Windows-1252 text, and the first of their lines.
    public private(set) var windows1252Records = 0
    public private(set) var firstWindows1252Line: Int?

    /// Opens `path`; whole-file problems (not text, no usable header) throw a usage error (exit 2).
    public init(path: String, defaults: InputDefaults, delimiter: Character? = nil, encoding: InputEncoding? = nil,
                sheet sheetName: String? = nil) throws {
        self.path = path
        self.defaults = defaults
        if SheetConversion.isWorkbook(path) {
            let sheet = try SheetConversion(path: path, sheet: sheetName)
            self.sheet = sheet
            source = try ByteSource(path: sheet.csvPath)
            let parser = CSVParser(source: source, delimiter: UInt8(ascii: ","))
            guard let first = try parser.next() else {
                throw StatusBatchError.usage("\(path): the sheet '\(sheet.sheetName)' is empty; expected a header row and rows")
            }
            let fields = Array(first.fields.dropFirst())
            let map = ColumnMapping(header: fields, defaults: defaults)
            if let problem = map.headerProblem() {
                throw StatusBatchError.usage("\(path): sheet '\(sheet.sheetName)', row \(first.fields.first ?? "?"): no usable header: \(problem)")
            }
            format = .xlsx
            self.delimiter = UInt8(ascii: ",")
            csv = parser
            jsonl = nil
            mapping = map
            header = fields
            return
        }
        sheet = nil
        let source = try ByteSource(path: path, encoding: encoding)
        self.source = source
        let prefix = try source.peekPrefix(64 * 1024)
        if prefix.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw StatusBatchError.usage("\(path): an old Excel workbook (.xls); save it as .xlsx or CSV (UTF-8) and run that")
        }
        if prefix.contains(0) {
            // Text with NULs in most odd bytes and hardly any even ones (or the reverse) is UTF-16 without a mark.
            let sample = prefix.prefix(4096)
            let odd = Double(stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count) / Double(sample.count / 2 + 1)
            let even = Double(stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count) / Double(sample.count / 2 + 1)
            let hint = odd > 0.3 && even < 0.05 ? "; it looks like UTF-16 without a byte-order mark: run with --encoding utf-16"
                : even > 0.3 && odd < 0.05 ? "; it looks like UTF-16 (big-endian) without a byte-order mark: run with --encoding utf-16be" : ""
            throw StatusBatchError.usage("\(path): not a text file (it contains NUL bytes); expected CSV or JSON Lines\(hint)")
        }
        format = InputFormat.detect(path: path, prefix: prefix)
        switch format {
        case .jsonl:
            jsonl = JSONLParser(source: source)
            csv = nil
            mapping = nil
            header = InputColumn.allCases.map(\.rawValue)
            self.delimiter = UInt8(ascii: ",")
        case .csv, .xlsx:
            let chosen: UInt8
            if let delimiter {
                guard let ascii = delimiter.asciiValue, [",", ";", "\t", "|"].contains(delimiter) else {
                    throw StatusBatchError.usage("--delimiter must be one of , ; | or tab")
                }
                chosen = ascii
            } else {
                chosen = CSVParser.detectDelimiter(headerLine: prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(prefix.dropFirst(3)) : prefix)
            }
            self.delimiter = chosen
            let parser = CSVParser(source: source, delimiter: chosen)
            guard let first = try parser.next() else {
                throw StatusBatchError.usage("\(path): the file is empty; expected a header line and rows")
            }
            if let problem = first.problem {
                throw StatusBatchError.usage("\(path): line \(first.line): header: \(problem)")
            }
            let map = ColumnMapping(header: first.fields, defaults: defaults)
            if let problem = map.headerProblem() {
                throw StatusBatchError.usage("\(path): line \(first.line): no usable header: \(problem)")
            }
            csv = parser
            jsonl = nil
            mapping = map
            header = first.fields
        }
    }

    /// Size and SHA-256 of the bytes this reader parsed, once it reached the end of the file.
    public func fingerprintOfWhatWasRead() -> (size: Int, sha256: String)? {
        guard let sheet else { return source.fingerprintOfWhatWasRead() }
        return source.fingerprintOfWhatWasRead() == nil ? nil : sheet.fingerprint
    }

    /// The next record, validated; nil at the end of the file.
    public func next() throws -> IngestedRecord? {
        if let csv, let mapping {
            guard var record = try csv.next() else { return nil }
            noteEncoding(record.readsAsWindows1252, line: record.line)
            if sheet != nil, let number = record.fields.first.flatMap(Int.init) {
                // A sheet's row: its number is the line; the cells follow it.
                record.line = number
                record.fields.removeFirst()
            }
            // Stored for failed.csv, already safe for spreadsheets; built as bytes (an array of neutralized
            // strings joined was a tenth of an ingest).
            rawBytes.removeAll(keepingCapacity: true)
            CSVLine.append(record.fields, neutralizing: true, to: &rawBytes)
            let raw = String(decoding: rawBytes, as: UTF8.self)
            let (update, mappingProblem) = mapping.update(from: record.fields)
            var rejection = record.problem
            if rejection == nil && record.fields.count != header.count {
                rejection = "expected \(header.count) fields as in the header, found \(record.fields.count)"
            }
            return finish(line: record.line, raw: raw, update: update, rejection: rejection ?? mappingProblem)
        }
        if let jsonl {
            guard let record = try jsonl.next() else { return nil }
            noteEncoding(record.readsAsWindows1252, line: record.line)
            let map = ColumnMapping(header: record.pairs.map(\.key), defaults: defaults)
            let (update, mappingProblem) = map.update(from: record.pairs.map(\.value))
            var rejection = record.problem
            if rejection == nil, record.pairs.isEmpty || map.headerProblem() != nil {
                rejection = map.headerProblem() ?? "the object has no fields"
            }
            return finish(line: record.line, raw: record.text, update: update, rejection: rejection ?? mappingProblem)
        }
        return nil
    }

    private func noteEncoding(_ readsAsWindows1252: Bool, line: Int) {
        guard readsAsWindows1252 else { return }
        windows1252Records += 1
        if firstWindows1252Line == nil { firstWindows1252Line = line }
    }

    /// Said once when most records (and at least one) were rejected as invalid UTF-8 that reads as Windows-1252:
    /// the file's encoding, not its rows, is wrong.
    public func encodingProblem(records: Int) -> String? {
        guard windows1252Records > 0, windows1252Records * 2 > records, let line = firstWindows1252Line else { return nil }
        return "\(path): \(windows1252Records) of \(records) rows are not valid UTF-8 but read as Windows-1252 text "
            + "(first on line \(line)): the file is probably Windows-1252 (what Excel saves as CSV on most Windows machines); "
            + "run with --encoding windows-1252"
    }

    private func finish(line: Int, raw: String, update: CustomerUpdate, rejection: String?) -> IngestedRecord {
        if let rejection {
            return IngestedRecord(line: line, raw: raw, update: update, rejection: rejection)
        }
        switch RowValidator.validate(update) {
        case .success(let valid): return IngestedRecord(line: line, raw: raw, update: valid, rejection: nil)
        case .failure(let problem): return IngestedRecord(line: line, raw: raw, update: update, rejection: problem.reason)
        }
    }
}
