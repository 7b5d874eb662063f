/// How a sending session ended.
public enum SendingEnd: Sendable, Equatable {
    /// No row is left to send.
    case finished
    /// A stop was requested; unfinished rows stay resumable.
    case stopped
    /// The API stayed down longer than `--max-outage`; unfinished rows stay resumable.
    case outage(String)
    /// The API refused the job's credentials; unfinished rows stay resumable.
    case fatal(String)
    /// Every row sharing a label or a source (or every row) failed the same way: a mistake in the file or the
    /// options. Its rows were held back (pending); the message names what to fix.
    case systematic(String)

    /// Which end wins when two happen during one drain: a refusal says the most, a plain stop the least.
    var severity: Int {
        switch self {
        case .finished: return 0
        case .stopped: return 1
        case .systematic: return 2
        case .outage: return 3
        case .fatal: return 4
        }
    }
}
