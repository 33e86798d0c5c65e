/// Keys waiting to be looked up together in a ``ByteStringTable``.
///
/// Looking one key up waits on up to three memory loads in a row (its slot, where its bytes
/// are, the bytes). In a table bigger than the cache each is a miss, and a parser that looks
/// ids up row by row spends most of its time waiting. A batch runs each step over all its keys
/// before the next step, so the loads of different keys overlap: the slot whose hash bits match
/// (an empty slot first means absent), where that key's bytes are, then the bytes.
///
/// The batch holds where each key's bytes are, not a copy: they must stay valid and unchanged
/// until the batch is resolved or emptied (a parser resolves it before it lets go of the bytes).
package struct LookupBatch {
    package static let capacity = 256
    private var keys: [UnsafeBufferPointer<UInt8>] = []
    private var hashes: [UInt64] = []
    /// The caller's tag per key (e.g. the row it belongs to).
    package private(set) var tags: [Int] = []

    package init() {
        keys.reserveCapacity(Self.capacity)
        hashes.reserveCapacity(Self.capacity)
        tags.reserveCapacity(Self.capacity)
    }

    package var count: Int { keys.count }
    package var isFull: Bool { keys.count >= Self.capacity }

    /// Adds a key; its bytes are read again when the batch is resolved.
    package mutating func append(_ key: UnsafeBufferPointer<UInt8>, tag: Int) {
        keys.append(key)
        hashes.append(byteHash(key))
        tags.append(tag)
    }

    package func key(_ i: Int) -> UnsafeBufferPointer<UInt8> { keys[i] }

    /// Each key's code in `table`, or -1 when absent, in order.
    package func resolve(in table: ByteStringTable) -> [Int] {
        let n = count
        // Step 1: every key's slot whose hash bits match, loaded one after another without waiting.
        var codes = [Int](repeating: -1, count: n)
        table.firstCandidates(hashes, into: &codes)
        // Step 2: where each candidate's bytes are.
        var bounds = [(start: Int, end: Int)](repeating: (0, -1), count: n)
        table.keyBounds(codes, into: &bounds)
        // Step 3: compare the bytes; a candidate whose bytes differ shared only hash bits, so
        // that key is probed on in full.
        for i in 0..<n where codes[i] >= 0 {
            if !table.arenaBytes(bounds[i], equal: keys[i]) {
                codes[i] = table.code(of: keys[i], hash: hashes[i]) ?? -1
            }
        }
        return codes
    }

    package mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        tags.removeAll(keepingCapacity: true)
    }
}
