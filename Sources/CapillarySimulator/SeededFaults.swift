/// A deterministic stream of numbers in [0, 1) for one customer's n-th request under one seed,
/// so faults do not depend on the order requests arrive in.
struct SeededFaults {
    private var state: UInt64

    init(seed: UInt64, customer: String, attempt: Int) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in customer.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = hash ^ (UInt64(attempt) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The next number in [0, 1) (SplitMix64).
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
