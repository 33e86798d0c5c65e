/// An insertion-ordered set of byte strings that gives each distinct string a dense code 0, 1, 2, …
///
/// This is the dictionary behind every dictionary-coded column (event types, channels, categories)
/// and behind the customer id → dense id index. Keys are copied into one contiguous arena, so a
/// table of a million ids is three arrays, not a million `String`s. Lookup is open addressing
/// with linear probing on a power-of-two slot array kept at most half full; a slot holds the
/// key's code and 32 bits of its hash (``TaggedSlot``), so a probe reads the key's bytes only when
/// those match.
public struct ByteStringTable: Sendable {
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    private var slots: [UInt64]
    private var mask: Int

    /// Creates an empty table sized for about `capacity` keys.
    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: TaggedSlot.empty, count: size)
        mask = size - 1
        ends.reserveCapacity(capacity)
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// The bytes of the key with code `code`.
    public func key(_ code: Int) -> ArraySlice<UInt8> {
        arena[(code == 0 ? 0 : ends[code - 1])..<ends[code]]
    }

    /// Every key's bytes, one after the other, and where each ends (key `code` starts where key
    /// `code − 1` ends), for reading many keys without a copy or a reference count each.
    package func withKeys<Result>(_ body: (_ bytes: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) throws -> Result) rethrows -> Result {
        try arena.withUnsafeBufferPointer { bytes in try ends.withUnsafeBufferPointer { ends in try body(bytes, ends) } }
    }

    /// The key with code `code` as a `String` (invalid UTF-8 is repaired).
    public func string(_ code: Int) -> String {
        String(decoding: key(code), as: UTF8.self)
    }

    /// All keys as strings, in code order.
    public var strings: [String] { (0..<count).map(string) }

    /// The code of `bytes`, if present.
    public func code(of bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = TaggedSlot.home(hash, mask: mask)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                while true {
                    let value = slots[slot]
                    if value == TaggedSlot.empty { return nil }
                    if TaggedSlot.matches(value, hash) && equal(TaggedSlot.index(value), bytes, arena) { return TaggedSlot.index(value) }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// For each hash, the code of the first slot on its probe path whose hash bits match, or -1
    /// when an empty slot comes first (then the key is absent): the first step of a batched
    /// lookup (``LookupBatch``). It reads slots only, and the keys' loads do not wait on each other.
    package func firstCandidates(_ hashes: [UInt64], into candidates: inout [Int]) {
        slots.withUnsafeBufferPointer { slots in
            for (i, hash) in hashes.enumerated() {
                var slot = TaggedSlot.home(hash, mask: mask)
                while true {
                    let value = slots[slot]
                    if value == TaggedSlot.empty {
                        candidates[i] = -1
                        break
                    }
                    if TaggedSlot.matches(value, hash) {
                        candidates[i] = TaggedSlot.index(value)
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// For each candidate code (-1: none), the bounds of its key in the arena: the second step
    /// of a batched lookup, again one independent load per key.
    package func keyBounds(_ candidates: [Int], into bounds: inout [(start: Int, end: Int)]) {
        ends.withUnsafeBufferPointer { ends in
            for (i, code) in candidates.enumerated() {
                bounds[i] = code < 0 ? (0, -1) : (code == 0 ? 0 : ends[code - 1], ends[code])
            }
        }
    }

    /// Whether the arena bytes within `bounds` are `bytes`.
    package func arenaBytes(_ bounds: (start: Int, end: Int), equal bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bounds.end - bounds.start == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return arena.withUnsafeBufferPointer { memcmpBytes($0.baseAddress! + bounds.start, bytes.baseAddress!, bytes.count) }
    }

    /// The code of `bytes`, if present.
    public func code(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        code(of: bytes, hash: byteHash(bytes))
    }

    /// The code of a string, if present.
    public func code(of text: String) -> Int? {
        var text = text
        return text.withUTF8 { code(of: $0) }
    }

    /// Returns the code of `bytes`, adding it first when new; `inserted` tells which.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (code: Int, inserted: Bool) {
        var slot = TaggedSlot.home(hash, mask: mask)
        while true {
            let value = slots[slot]
            if value == TaggedSlot.empty { break }
            if TaggedSlot.matches(value, hash) && arena.withUnsafeBufferPointer({ equal(TaggedSlot.index(value), bytes, $0) }) {
                return (TaggedSlot.index(value), false)
            }
            slot = (slot + 1) & mask
        }
        let code = ends.count
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
        slots[slot] = TaggedSlot.make(hash: hash, index: code)
        if ends.count * 2 > slots.count { grow() }
        return (code, true)
    }

    /// Returns the code of `bytes`, adding it first when new.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (code: Int, inserted: Bool) {
        insert(bytes, hash: byteHash(bytes))
    }

    /// Returns the code of a string, adding it first when new.
    @discardableResult
    public mutating func insert(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { insert($0).code }
    }

    @inline(__always)
    private func equal(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ arena: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = entry == 0 ? 0 : ends[entry - 1]
        let length = ends[entry] - start
        guard length == bytes.count else { return false }
        if length == 0 { return true }
        return memcmpBytes(arena.baseAddress! + start, bytes.baseAddress!, length)
    }

    /// The same keys numbered anew: key `order[k]` of this table is key k of the result, and
    /// `newCode[old]` is the new code of key `old` (the inverse permutation). The keys are not
    /// hashed again: each slot keeps its hash bits and takes its key's new code.
    package func renumbered(_ order: [Int], newCode: [Int32]) -> ByteStringTable {
        precondition(order.count == count && newCode.count == count)
        var renumbered = self
        var newEnds = [Int](repeating: 0, count: count)
        var end = 0
        for (k, old) in order.enumerated() {
            end += ends[old] - (old == 0 ? 0 : ends[old - 1])
            newEnds[k] = end
        }
        let pieces = Parallel.ranges(count, minimumSize: 1 << 14)
        renumbered.arena = [UInt8](unsafeUninitializedCapacity: arena.count) { buffer, initialized in
            // Pieces write disjoint ranges, and `map` returns only after every piece finished.
            nonisolated(unsafe) let out = buffer
            arena.withUnsafeBufferPointer { arena in
                _ = Parallel.map(pieces.count) { piece in
                    for k in pieces[piece] {
                        let old = order[k]
                        let start = old == 0 ? 0 : ends[old - 1], to = k == 0 ? 0 : newEnds[k - 1]
                        (out.baseAddress! + to).initialize(from: arena.baseAddress! + start, count: ends[old] - start)
                    }
                }
            }
            initialized = arena.count
        }
        renumbered.ends = newEnds
        let slotPieces = Parallel.ranges(slots.count, minimumSize: 1 << 16)
        renumbered.slots = Parallel.map(slotPieces.count) { piece in
            slots[slotPieces[piece]].map { slot in
                slot == TaggedSlot.empty ? slot : slot & ~0xFFFF_FFFF | UInt64(UInt32(truncatingIfNeeded: newCode[TaggedSlot.index(slot)]))
            }
        }.flatMap { $0 }
        return renumbered
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = Array(repeating: TaggedSlot.empty, count: size)
        let newMask = size - 1
        arena.withUnsafeBufferPointer { arena in
            for entry in 0..<ends.count {
                let start = entry == 0 ? 0 : ends[entry - 1]
                let hash = byteHash(UnsafeBufferPointer(rebasing: arena[start..<ends[entry]]))
                var slot = TaggedSlot.home(hash, mask: newMask)
                while newSlots[slot] != TaggedSlot.empty { slot = (slot + 1) & newMask }
                newSlots[slot] = TaggedSlot.make(hash: hash, index: entry)
            }
        }
        slots = newSlots
        mask = newMask
    }

}

@inline(__always)
package func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
