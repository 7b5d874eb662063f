/// Spots customers that may be on more than one valid row while the input streams by, in fixed memory:
/// a Bloom filter of the customer keys seen; a key it may have seen before becomes a candidate. With no
/// candidate no row supersedes another and the store need not look; otherwise it looks at the candidates
/// only. Past `candidateLimit` candidates (a file of many repeats, or more keys than the filter holds
/// well) the watch gives up and the store looks at every key.
struct DuplicateWatch {
    /// 2^25 bits (4 MiB): a million keys leave about one false candidate in five thousand keys.
    private static let bitCount = 1 << 25
    private static let probes = 4
    static let candidateLimit = 100_000

    private var words = [UInt64](repeating: 0, count: DuplicateWatch.bitCount / 64)
    /// Keys that may be on an earlier row, by their bytes (as SQLite compares them: two spellings of one
    /// accented letter that Swift takes as equal are two keys there); nil once there were too many to keep.
    private var candidateBytes: Set<[UInt8]>? = []

    /// The candidates, each spelling once; nil when the watch gave up.
    var candidates: [String]? { candidateBytes.map { $0.map { String(decoding: $0, as: UTF8.self) } } }

    /// Takes the key of one valid row into account.
    mutating func see(_ key: String) {
        guard candidateBytes != nil else { return }
        let hash = UInt64(bitPattern: Int64(key.hashValue))
        let mask = UInt64(Self.bitCount - 1)
        // Double hashing: the i-th probe is h1 + i * h2 (h2 odd, so the probes differ). Swift's string hash
        // takes equivalent spellings as one: they only make each other candidates.
        let (h1, h2) = (hash & mask, (hash >> 25) | 1)
        var seenBefore = true
        for probe in 0..<UInt64(Self.probes) {
            let bit = Int((h1 &+ probe &* h2) & mask)
            let (word, flag) = (bit >> 6, UInt64(1) << UInt64(bit & 63))
            if words[word] & flag == 0 {
                seenBefore = false
                words[word] |= flag
            }
        }
        guard seenBefore else { return }
        candidateBytes?.insert(Array(key.utf8))
        if let count = candidateBytes?.count, count > Self.candidateLimit { candidateBytes = nil }
    }
}
