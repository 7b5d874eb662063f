import Testing
@testable import StatusBatch

/// The byte helpers of the report writers.
@Suite struct UTF8BytesTests {
    @Test("an integer's digits are the same as its description", arguments: [
        0, 7, 9, 10, 42, 99, 100, 1_000_000, -1, -10, -987_654_321, Int.max, Int.min,
    ])
    func integerDigits(value: Int) {
        var out: [UInt8] = [UInt8(ascii: "x")]
        UTF8Bytes.append(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x" + String(value))
    }
}
