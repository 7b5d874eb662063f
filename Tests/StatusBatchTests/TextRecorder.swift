import Synchronization

/// Collects what an injected writer or sink receives, in order, across threads.
final class TextRecorder: Sendable {
    private let texts = Mutex<[String]>([])

    init() {}

    /// Appends one piece of text; pass as the writer closure.
    @Sendable func record(_ text: String) { texts.withLock { $0.append(text) } }

    /// Everything received so far.
    var all: [String] { texts.withLock { $0 } }
}
