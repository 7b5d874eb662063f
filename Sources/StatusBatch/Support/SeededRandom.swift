import Synchronization

/// A thread-safe SplitMix64 generator: seeded for tests, random for real runs.
public final class SeededRandom: Sendable {
    private let state: Mutex<UInt64>

    public init(seed: UInt64) { state = Mutex(seed) }

    /// Seeded from the system's random source.
    public convenience init() { self.init(seed: UInt64.random(in: 0...UInt64.max)) }

    /// A number in [0, 1).
    public func nextUnit() -> Double {
        let value = state.withLock { s -> UInt64 in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Double(value >> 11) / Double(1 << 53)
    }
}
