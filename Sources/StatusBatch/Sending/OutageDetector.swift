/// Notices when the API is down rather than a few rows being unlucky: many transient failures in a
/// row, or most of the recent answers transient. Pure.
public struct OutageDetector: Sendable, Equatable {
    public var consecutiveLimit = 20
    public var windowSize = 100
    /// Share of transient answers in a full window that counts as an outage.
    public var windowShare = 0.5
    private var consecutive = 0
    private var window: [Bool] = []
    private var next = 0
    private var transientInWindow = 0

    public init() {}

    /// Records one answer (true when transient: 5xx, timeout, connection error); returns true when
    /// the answers so far look like an outage.
    public mutating func record(transient: Bool) -> Bool {
        consecutive = transient ? consecutive + 1 : 0
        if window.count < windowSize {
            window.append(transient)
        } else {
            if window[next] { transientInWindow -= 1 }
            window[next] = transient
            next = (next + 1) % windowSize
        }
        if transient { transientInWindow += 1 }
        let full = window.count == windowSize
        return consecutive >= consecutiveLimit
            || (full && Double(transientInWindow) > windowShare * Double(windowSize))
    }

    /// Forgets everything (after the API answered again).
    public mutating func reset() {
        consecutive = 0
        window.removeAll(keepingCapacity: true)
        next = 0
        transientInWindow = 0
    }
}
