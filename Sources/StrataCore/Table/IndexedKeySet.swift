/// An exact set of keys that live elsewhere (e.g. the id column of every parsed row), known by
/// an index below 2³¹.
///
/// A slot holds 32 bits of the key's hash and its index (``TaggedSlot``): probing a set of tens of millions of ids
/// touches one 8-byte slot per row, and the caller compares the keys' bytes only when those hash
/// bits match, so the result is exact, not probabilistic.
package struct IndexedKeySet {
    private var slots: [UInt64]
    private var mask: Int
    package private(set) var count = 0

    /// A set sized for about `expected` keys without growing.
    package init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = Array(repeating: TaggedSlot.empty, count: size)
        mask = size - 1
    }

    /// Adds key `index` unless an equal key is present; returns that key's index, or nil when added.
    /// - Parameters:
    ///   - hash: the key's 64-bit hash (``byteHash(_:seed:)``).
    ///   - isEqual: whether the key with the given index equals this one.
    ///   - hashOf: the hash of the key with the given index (to grow).
    package mutating func insert(_ index: Int32, hash: UInt64, isEqual: (Int32) -> Bool, hashOf: (Int32) -> UInt64) -> Int32? {
        var slot = TaggedSlot.home(hash, mask: mask)
        while true {
            let value = slots[slot]
            if value == TaggedSlot.empty { break }
            let other = Int32(TaggedSlot.index(value))
            if TaggedSlot.matches(value, hash) && isEqual(other) { return other }
            slot = (slot + 1) & mask
        }
        slots[slot] = TaggedSlot.make(hash: hash, index: Int(index))
        count += 1
        if count * 2 > slots.count { grow(hashOf) }
        return nil
    }

    private mutating func grow(_ hashOf: (Int32) -> UInt64) {
        let size = slots.count * 2
        var newSlots = Array(repeating: TaggedSlot.empty, count: size)
        let newMask = size - 1
        for value in slots where value != TaggedSlot.empty {
            let hash = hashOf(Int32(TaggedSlot.index(value)))
            var slot = TaggedSlot.home(hash, mask: newMask)
            while newSlots[slot] != TaggedSlot.empty { slot = (slot + 1) & newMask }
            newSlots[slot] = value
        }
        slots = newSlots
        mask = newMask
    }
}
