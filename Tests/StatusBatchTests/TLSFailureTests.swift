import Testing
@testable import StatusBatch

/// A TLS handshake failure stops the job instead of spending every row's attempts.
@Suite("TLS failures")
struct TLSFailureTests {
    @Test("a failed handshake is fatal and says how to trust a private CA")
    func handshakeIsFatal() {
        let failure = TransportFailure(kind: .tls, message: "CERTIFICATE_VERIFY_FAILED")
        guard case .fatal(let message) = OutcomeClassifier.classify(.failed(failure), now: 0) else {
            Issue.record("expected fatal")
            return
        }
        #expect(message.contains("CERTIFICATE_VERIFY_FAILED"))
        #expect(message.contains("--ca-file"))
    }

    @Test("other transport failures stay transient")
    func othersTransient() {
        for kind in [TransportFailure.Kind.timeout, .connection, .other] {
            let result = OutcomeClassifier.classify(.failed(TransportFailure(kind: kind, message: "x")), now: 0)
            guard case .transient = result else {
                Issue.record("\(kind) should be transient")
                continue
            }
        }
    }
}
