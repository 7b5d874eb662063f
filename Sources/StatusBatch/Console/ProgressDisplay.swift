import Synchronization

/// Shows a run's progress on a console through an injected writer: one line redrawn in place on a
/// terminal (at most 10 redraws a second, cut to the width), a plain line every 10 s elsewhere, or nothing.
public final class ProgressDisplay: Sendable {
    /// Where the progress goes.
    public enum Mode: String, Sendable {
        /// An interactive terminal: one status line redrawn in place.
        case terminal
        /// A log file or CI: a full line with a newline at most every 10 s.
        case plain
        /// No progress at all.
        case quiet
    }

    /// Carriage return and ANSI erase-line: the start of every terminal redraw.
    public static let clearLine = "\r\u{1B}[2K"
    /// The shortest gap between two terminal redraws.
    public static let redrawInterval = 0.1
    /// The shortest gap between two plain lines.
    public static let plainInterval = 10.0

    private struct State {
        var lastWrite: Double
        var latest: SendingProgress?
        /// The terminal line drawn last: the same text is not drawn again.
        var drawn: String?
        var finished = false
        /// A copying line is on the terminal (ended by the next redraw, or by `finish()`).
        var copyShown = false
    }

    private let mode: Mode
    private let width: Int
    private let clock: JobClock
    private let write: @Sendable (String) -> Void
    private let state: Mutex<State>

    /// `width` is the terminal's width in columns (terminal mode); `write` receives text exactly as it
    /// should appear (it adds no newline).
    public init(mode: Mode, width: Int = 100, clock: JobClock = SystemClock(),
                write: @escaping @Sendable (String) -> Void) {
        self.mode = mode
        self.width = max(width, 2)
        self.clock = clock
        self.write = write
        // A plain line first appears one interval after the start, as a terminal line appears at once.
        state = Mutex(State(lastWrite: mode == .plain ? clock.now() : -.infinity))
    }

    /// Takes the latest counters; draws them unless the last drawing is too recent (then the next
    /// update or `finish()` shows them).
    public func update(_ progress: SendingProgress) {
        show(latest: progress, terminal: { redraw(progress) }, plain: { ProgressText.plainLine(progress) + "\n" })
    }

    /// Writes one state unless the last write is too recent: `terminal()` redrawn in place (not the same line
    /// twice), `plain()` as a line. `latest` is the counters to draw again at `finish()` (nil: a copying line).
    private func show(latest: SendingProgress?, terminal: () -> String, plain: () -> String) {
        state.withLock { state in
            guard !state.finished, mode != .quiet else { return }
            if let latest { state.latest = latest }
            let now = clock.now()
            switch mode {
            case .terminal where now - state.lastWrite >= Self.redrawInterval:
                let line = terminal()
                guard line != state.drawn else { return }
                state.drawn = line
                if latest == nil { state.copyShown = true }
                write(line)
            case .plain where now - state.lastWrite >= Self.plainInterval:
                write(plain())
            default:
                return
            }
            state.lastWrite = now
        }
    }

    /// Shows how much of a streamed input was copied into the job folder so far, like the counters: redrawn in place
    /// on a terminal, a line every 10 s elsewhere.
    public func copying(bytes: Int) {
        let text = "copying the input into the job folder: " + ProgressText.size(bytes)
        show(latest: nil, terminal: { Self.clearLine + String(text.prefix(width - 1)) }, plain: { "statusbatch: " + text + "\n" })
    }

    /// Ends the display: on a terminal, draws the last counters and ends the line so that what follows
    /// starts on a clean line. Later updates are ignored.
    public func finish() {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            if mode == .terminal, let latest = state.latest {
                write(redraw(latest) + "\n")
            } else if mode == .terminal && state.copyShown {
                write("\n")
            }
        }
    }

    /// Prints `text` on a line of its own (also when quiet); on a terminal the status line is cleared
    /// first and drawn again below it.
    public func note(_ text: String) {
        state.withLock { state in
            if mode == .terminal, !state.finished, let latest = state.latest {
                write(Self.clearLine + text + "\n" + redraw(latest))
            } else {
                write(text + "\n")
            }
        }
    }

    /// The terminal redraw of `progress`: clear the line, then the status cut to one column less than
    /// the width, so the cursor never reaches the last column and the line never wraps.
    private func redraw(_ progress: SendingProgress) -> String {
        Self.clearLine + String(ProgressText.terminalLine(progress).prefix(width - 1))
    }
}
