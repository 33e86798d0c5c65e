/// The slot layout of Strata's open-addressing hash table ``ByteStringTable``: 32 bits of the key's hash above the key's index, in one 8-byte word, so a
/// probe compares hash bits without touching the key.
///
/// A key's home slot comes from the hash's high 32 bits, its tag from the low 32 bits.
package enum TaggedSlot {
    /// An unused slot (no index reaches 2³² - 1).
    package static let empty = UInt64.max

    @inline(__always)
    package static func make(hash: UInt64, index: Int) -> UInt64 { hash << 32 | UInt64(UInt32(truncatingIfNeeded: index)) }

    @inline(__always)
    package static func home(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 32) & mask }

    @inline(__always)
    package static func index(_ slot: UInt64) -> Int { Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) }

    /// Whether a used slot carries this hash's tag (the key may still differ).
    @inline(__always)
    package static func matches(_ slot: UInt64, _ hash: UInt64) -> Bool { slot & ~0xFFFF_FFFF == hash << 32 }
}
