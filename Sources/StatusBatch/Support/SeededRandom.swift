/// A SplitMix64 generator, a plain value: seeded for tests, random for real runs.
public struct SeededRandom: Sendable, Equatable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Seeded from the system's random source.
    public init() { self.init(seed: UInt64.random(in: 0...UInt64.max)) }

    /// A number in [0, 1).
    public mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Double(Self.mix(state) >> 11) / Double(1 << 53)
    }

    /// SplitMix64's finaliser: every bit of `value` stirred into every bit of the result (a bijection).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
