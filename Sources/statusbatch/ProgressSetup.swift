import Foundation
import StatusBatch

/// Chooses how progress is shown: nothing with `--quiet`, a redrawn line when standard error is a
/// terminal, plain lines otherwise (CI, log files).
enum ProgressSetup {
    /// The display for this process, writing to standard error as it is (no newline added).
    static func display(quiet: Bool) -> ProgressDisplay {
        let mode: ProgressDisplay.Mode = quiet ? .quiet : isatty(STDERR_FILENO) == 1 ? .terminal : .plain
        return ProgressDisplay(mode: mode, width: mode == .terminal ? terminalWidth() : 100) { Console.errorRaw($0) }
    }

    /// Standard error's width in columns: the terminal's own, else `COLUMNS`, else 100.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        return 100
    }
}
