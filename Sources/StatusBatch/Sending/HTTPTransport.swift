import Synchronization

/// Sends requests; the completion runs on some other thread, exactly once per request.
public protocol HTTPTransport: Sendable {
    func send(_ request: CapillaryRequest, completion: @escaping @Sendable (TransportResult) -> Void)
    /// Closes connections; called once, after the last completion.
    func shutdown()
}

extension HTTPTransport {
    /// Sends one request and blocks the calling thread until its result (for the rare calls outside the
    /// worker pool, such as the OAuth token; never called on an event loop).
    func sendAndWait(_ request: CapillaryRequest) -> TransportResult {
        let wake = WakeSignal()
        let box = Mutex<TransportResult?>(nil)
        send(request) { result in
            box.withLock { $0 = result }
            wake.signal()
        }
        while true {
            if let result = box.withLock({ $0 }) { return result }
            wake.wait(until: nil)
        }
    }
}
