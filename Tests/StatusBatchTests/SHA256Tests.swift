import Foundation
import Testing
@testable import StatusBatch

/// SHA256: FIPS 180-4 vectors and streaming updates in odd chunk sizes.
@Suite("SHA256")
struct SHA256Tests {
    @Test("known vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(text: String, digest: String) {
        #expect(SHA256.hex(of: Array(text.utf8)) == digest)
    }

    @Test("one million times 'a'")
    func millionA() {
        let digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == digest)
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.finalizeHex() == digest)
    }

    @Test("streaming in odd chunk sizes equals one-shot", arguments: [1, 3, 7, 55, 56, 63, 64, 65, 127, 1000])
    func streaming(chunkSize: Int) {
        let bytes = (0..<3001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let oneShot = SHA256.hex(of: bytes)
        var hasher = SHA256()
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            hasher.update(bytes[offset..<end])
            offset = end
        }
        #expect(hasher.finalizeHex() == oneShot)
    }

    @Test("empty updates change nothing; lengths around the padding boundary")
    func paddingBoundaries() {
        // sha256sum of 55, 56 and 64 bytes of "a".
        var hasher = SHA256()
        hasher.update([UInt8]())
        hasher.update(Array(String(repeating: "a", count: 55).utf8))
        hasher.update([UInt8]())
        #expect(hasher.finalizeHex() == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(of: Array(String(repeating: "a", count: 56).utf8)) ==
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(of: Array(String(repeating: "a", count: 64).utf8)) ==
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
