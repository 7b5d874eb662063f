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

    /// Which end wins when two happen during one drain: a refusal says the most, a plain stop the least.
    var severity: Int {
        switch self {
        case .finished: return 0
        case .stopped: return 1
        case .outage: return 2
        case .fatal: return 3
        }
    }
}
