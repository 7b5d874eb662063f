import Testing
@testable import StatusBatch

/// MD5: RFC 1321 test vectors, including inputs that need a second padding block.
@Suite("MD5")
struct MD5Tests {
    @Test("known vectors", arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
        ("stub-pass", "89effc264e0483d83578fdb360b404f2"),
    ])
    func vectors(text: String, digest: String) {
        #expect(MD5.hex(text) == digest)
    }
}
