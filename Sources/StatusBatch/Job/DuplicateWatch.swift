/// Spots customers that may be on more than one valid row while the input streams by, in fixed memory:
/// a Bloom filter of the customer keys seen; a key it may have seen before becomes a candidate. With no
/// candidate no row supersedes another and the store need not look; otherwise it looks at the candidates
/// only. Past `candidateLimit` candidates (a file of many repeats, or more keys than the filter holds
/// well) the watch gives up and the store looks at every key.
struct DuplicateWatch {
    /// 2^26 bits (8 MiB) in blocks of 64 bytes (8 words): a key sets one bit in each word of its block, so a
    /// look touches one or two cache lines (an array's elements need not start on a line). A million different
    /// keys leave next to no false candidate (two million left 1–6): a file without repeats then needs no look
    /// at the store at all (the look scans every row).
    private static let wordsPerBlock = 8
    private static let blockCount = 1 << 17
    static let candidateLimit = 100_000

    private var words = [UInt64](repeating: 0, count: DuplicateWatch.blockCount * DuplicateWatch.wordsPerBlock)
    /// Keys that may be on an earlier row, by their bytes (as SQLite compares them: two spellings of one
    /// accented letter that Swift takes as equal are two keys there); nil once there were too many to keep.
    private var candidateBytes: Set<[UInt8]>? = []

    /// The candidates, each spelling once; nil when the watch gave up.
    var candidates: [String]? { candidateBytes.map { $0.map { String(decoding: $0, as: UTF8.self) } } }

    /// Takes the key of one valid row into account.
    mutating func see(_ key: String) {
        guard candidateBytes != nil else { return }
        let hash = UInt64(bitPattern: Int64(key.hashValue))
        // Swift's string hash takes equivalent spellings as one: they only make each other candidates. The block
        // comes from a second, mixed hash (SplitMix64's finaliser), the eight bit positions from six bits each.
        let first = Int(SeededRandom.mix(hash) % UInt64(Self.blockCount)) * Self.wordsPerBlock
        var seenBefore = true
        words.withUnsafeMutableBufferPointer { words in
            for word in 0..<Self.wordsPerBlock {
                let flag = UInt64(1) << ((hash >> UInt64(6 * word)) & 63)
                if words[first + word] & flag == 0 {
                    seenBefore = false
                    words[first + word] |= flag
                }
            }
        }
        guard seenBefore else { return }
        candidateBytes?.insert(Array(key.utf8))
        if let count = candidateBytes?.count, count > Self.candidateLimit { candidateBytes = nil }
    }
}
