import Logging

/// A swift-log handler that writes one JSON object per line: `time` (ISO 8601 UTC with milliseconds),
/// `level`, `label`, `message`, then the metadata as string values under their own keys (sorted).
/// A metadata key that collides with one of the four is written as `metadata.<key>`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let clock: JobClock
    private let sink: @Sendable (String) -> Void

    /// `sink` receives each complete line, without its newline.
    public init(label: String, clock: JobClock = SystemClock(), metadataProvider: Logger.MetadataProvider? = nil,
                sink: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.clock = clock
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `event` as one line: the handler's metadata, then the provider's, then the event's own win.
    public func log(event: LogEvent) {
        var merged = metadata
        merged.merge(metadataProvider?.get() ?? [:]) { _, provided in provided }
        merged.merge(event.metadata ?? [:]) { _, explicit in explicit }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let fixed = [("time", Timestamp.iso(clock.now())), ("level", event.level.rawValue), ("label", label),
                     ("message", event.message.description)]
        let reserved = Set(fixed.map(\.0))
        let extra = merged.sorted { $0.key < $1.key }.map { key, value in
            // Strings as they are; lists and dictionaries in swift-log's own notation.
            (reserved.contains(key) ? "metadata." + key : key, value.description)
        }
        sink(JSONText.object(fixed + extra))
    }
}
