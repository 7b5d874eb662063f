import Dispatch
import Foundation
import StatusBatch

/// SIGINT/SIGTERM handling: the first asks the job to stop gracefully, a second aborts at once.
final class SignalWiring {
    private let sources: [DispatchSourceSignal]

    init(stop: StopSignal, onFirst: @escaping @Sendable (Int32) -> Void) {
        var made: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isRaised {
                    Console.error("statusbatch: second signal: aborting now; the next run finds the rows in flight and handles them by --on-unknown (resend by default)")
                    _exit(ExitStatus.stoppedEarly.rawValue)
                }
                stop.raise()
                onFirst(number)
            }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    deinit { sources.forEach { $0.cancel() } }
}
