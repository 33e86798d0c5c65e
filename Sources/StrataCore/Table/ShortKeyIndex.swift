/// The keys of up to 8 bytes of a ``ByteStringTable``, each held in its own slot, so that looking
/// one up is one memory load: the table's own lookup waits on three in a row (its slot, where
/// the key's bytes are, the bytes), each a cache miss once the table outgrows the cache.
///
/// A slot is two words in one array: the key's bytes packed into a word (``pack(_:)``), then its
/// length above its code. Open addressing with linear probing, at most half full. Every short key
/// of the table is in the index, but those a ``NumericKeyIndex`` given at its making holds: a
/// short key the index lacks is not in the table, unless that other index has the key's form.
package struct ShortKeyIndex: Sendable {
    /// The longest key held.
    package static let longestKey = 8
    private static let empty = UInt64.max

    private var slots: [UInt64]
    private let shift: UInt64
    private let mask: Int

    /// Indexes every key of `table` of at most ``longestKey`` bytes under its code (sized for
    /// those keys alone: a table of long ids gets an index of 16 empty slots), but those that
    /// `numbered` holds (a lookup finds them there first).
    package init(_ table: ByteStringTable, leaving numbered: NumericKeyIndex? = nil) {
        // The codes of the keys indexed here.
        let indexed: [Int] = table.withKeys { bytes, ends in
            (0..<ends.count).filter { code in
                let start = code == 0 ? 0 : ends[code - 1]
                guard ends[code] - start <= Self.longestKey else { return false }
                return numbered?.place(of: UnsafeBufferPointer(rebasing: bytes[start..<ends[code]])) == nil
            }
        }
        let shortKeys = indexed.count
        var bits: UInt64 = 4
        while 1 << bits < shortKeys * 2 { bits += 1 }
        shift = 64 - bits
        mask = (1 << Int(bits)) - 1
        var slots = [UInt64](repeating: Self.empty, count: 2 << Int(bits))
        let (shift, mask) = (shift, mask)
        table.withKeys { bytes, ends in
            for code in indexed {
                let start = code == 0 ? 0 : ends[code - 1]
                let length = ends[code] - start
                let packed = Self.pack(UnsafeBufferPointer(rebasing: bytes[start..<ends[code]]))
                var slot = Self.home(packed, length, shift)
                while slots[2 * slot + 1] != Self.empty { slot = (slot + 1) & mask }
                slots[2 * slot] = packed
                slots[2 * slot + 1] = UInt64(length) << 32 | UInt64(UInt32(truncatingIfNeeded: code))
            }
        }
        self.slots = slots
    }

    /// A key of at most 8 bytes as one word: with its length, a different word for every
    /// different key. Reads only the key's own bytes (never past its end).
    @inline(__always)
    package static func pack(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = key.count
        guard n > 0, let base = key.baseAddress else { return 0 }
        if n >= 4 {
            // Two 4-byte words, the first and the last four bytes: together they cover all n.
            let raw = UnsafeRawPointer(base)
            let low = raw.loadUnaligned(as: UInt32.self), high = raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            return UInt64(low) | UInt64(high) << 32
        }
        return UInt64(base[0]) | UInt64(base[n / 2]) << 8 | UInt64(base[n - 1]) << 16
    }

    @inline(__always)
    private static func home(_ packed: UInt64, _ length: Int, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((packed ^ UInt64(length) << 59) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The code of the key packed as `packed` with `length` bytes (at most ``longestKey``), or -1.
    @inline(__always)
    package func code(packed: UInt64, length: Int) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let wanted = UInt64(length) << 32
            var slot = Self.home(packed, length, shift)
            while true {
                let entry = slots[2 * slot + 1]
                if entry == Self.empty { return -1 }
                if slots[2 * slot] == packed && entry & ~0xFFFF_FFFF == wanted { return Int(entry & 0xFFFF_FFFF) }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// A fixed ``ByteStringTable`` to look keys up in, with its numbered keys (``NumericKeyIndex``)
/// and its short keys (``ShortKeyIndex``) indexed: what readers look customer ids up in once the
/// customer set is known.
package struct KeyLookup: Sendable {
    package let table: ByteStringTable
    package let numeric: NumericKeyIndex?
    package let short: ShortKeyIndex

    package init(_ table: ByteStringTable) {
        self.table = table
        numeric = NumericKeyIndex(table)
        short = ShortKeyIndex(table, leaving: numeric)
    }
}
