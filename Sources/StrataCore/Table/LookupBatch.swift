/// Keys waiting to be looked up together in a ``KeyLookup``.
///
/// A key of the lookup's numbered form is found in its ``NumericKeyIndex``, and a key of at most
/// 8 bytes in the short-key index (``ShortKeyIndex``), each with one memory load; the batch runs
/// those loads one after another without waiting, so they overlap.
///
/// A longer key waits on up to three loads in a row in the table (its slot, where its bytes are,
/// the bytes). In a table bigger than the cache each is a miss, and a parser that looks ids up
/// row by row spends most of its time waiting. A batch runs each step over all its long keys
/// before the next step, so the loads of different keys overlap: the slot whose hash bits match
/// (an empty slot first means absent), where that key's bytes are, then the bytes.
///
/// The batch holds where each key's bytes are, not a copy: they must stay valid and unchanged
/// until the batch is resolved or emptied (a parser resolves it before it lets go of the bytes).
package struct LookupBatch {
    package static let capacity = 256
    private var keys = AppendColumn<UnsafeBufferPointer<UInt8>>(capacity: Self.capacity)
    /// The caller's tag per key (e.g. where it stood).
    package private(set) var tags = AppendColumn<Int>(capacity: Self.capacity)

    package init() {}

    package var count: Int { keys.count }
    package var isFull: Bool { keys.count >= Self.capacity }

    /// Adds a key; its bytes are read again when the batch is resolved.
    package mutating func append(_ key: UnsafeBufferPointer<UInt8>, tag: Int) {
        keys.append(key)
        tags.append(tag)
    }

    package func key(_ i: Int) -> UnsafeBufferPointer<UInt8> { keys[i] }

    /// Each key's code in `lookup`, or -1 when absent, in order.
    package func resolve(in lookup: KeyLookup) -> [Int] {
        let n = count
        var codes = [Int](repeating: -1, count: n)
        var long: [Int] = []
        var numbered: [(key: Int, place: Int)] = []
        numbered.reserveCapacity(n)
        for i in 0..<n {
            let key = keys[i]
            if let numeric = lookup.numeric, let place = numeric.place(of: key) {
                numbered.append((i, place))
            } else if key.count <= ShortKeyIndex.longestKey {
                codes[i] = lookup.short.code(packed: ShortKeyIndex.pack(key), length: key.count)
            } else {
                long.append(i)
            }
        }
        if let numeric = lookup.numeric {
            for (i, place) in numbered { codes[i] = numeric.code(at: place) }
        }
        guard !long.isEmpty else { return codes }
        let table = lookup.table
        let hashes = long.map { byteHash(keys[$0]) }
        // Step 1: every long key's slot whose hash bits match, loaded one after another without waiting.
        var candidates = [Int](repeating: -1, count: long.count)
        table.firstCandidates(hashes, into: &candidates)
        // Step 2: where each candidate's bytes are.
        var bounds = [(start: Int, end: Int)](repeating: (0, -1), count: long.count)
        table.keyBounds(candidates, into: &bounds)
        // Step 3: compare the bytes; a candidate whose bytes differ shared only hash bits, so
        // that key is probed on in full.
        for (k, i) in long.enumerated() where candidates[k] >= 0 {
            codes[i] = table.arenaBytes(bounds[k], equal: keys[i]) ? candidates[k] : table.code(of: keys[i], hash: hashes[k]) ?? -1
        }
        return codes
    }

    package mutating func removeAll() {
        keys.removeAll()
        tags.removeAll()
    }
}
