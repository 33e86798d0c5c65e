import StrataCore

/// The order of rows by key as the store compares keys: by their UTF-8 bytes (SQLite's `BINARY`
/// collation), ties by row.
///
/// An import inserts rows in this order so that each id-keyed B-tree is filled from its last page
/// on. In file order (time order, customers interleaved) every row lands on a random page, which
/// SQLite inserts several times slower (docs/store.md). The order only decides speed, never what
/// is stored: every key still goes through the same `INSERT OR IGNORE`.
package enum KeyOrder {
    /// The rows `0..<keys.count` sorted by key.
    ///
    /// Rows are sorted by the eight bytes that follow the prefix all keys share (ids such as
    /// `evt_000…` differ only after it), in one piece per core, merged; runs of rows with equal
    /// bytes there are sorted by their whole key. The order is total, so it does not depend on
    /// the cut.
    package static func rows(_ keys: [String]) -> [Int32] {
        guard keys.count > 1 else { return keys.indices.map { Int32($0) } }
        let skip = sharedPrefixLength(keys)
        let pieces = max(1, min(Parallel.workers, 8, keys.count >> 16))
        let cuts = (0..<pieces).map { i in (keys.count * i / pieces)..<(keys.count * (i + 1) / pieces) }
        var sorted = Parallel.map(cuts.count) { piece in
            var entries = cuts[piece].map { row in Entry(prefix: prefix(keys[row], after: skip), row: Int32(row)) }
            entries.sort()
            return entries
        }
        while sorted.count > 1 {
            let pairs = stride(from: 0, to: sorted.count, by: 2).map { $0 }
            sorted = Parallel.map(pairs.count) { p in
                let i = pairs[p]
                return i + 1 < sorted.count ? merge(sorted[i], sorted[i + 1]) : sorted[i]
            }
        }
        var entries = sorted[0]
        sorted = []
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].prefix == entries[start].prefix { end += 1 }
            if end - start > 1 {
                entries[start..<end].sort { a, b in
                    let (x, y) = (keys[Int(a.row)].utf8, keys[Int(b.row)].utf8)
                    return x.elementsEqual(y) ? a.row < b.row : x.lexicographicallyPrecedes(y)
                }
            }
            start = end
        }
        return entries.map(\.row)
    }

    /// A row and eight bytes of its key, big-endian (a shorter key padded with zeros).
    private struct Entry: Comparable {
        var prefix: UInt64
        var row: Int32

        static func < (a: Entry, b: Entry) -> Bool { a.prefix != b.prefix ? a.prefix < b.prefix : a.row < b.row }
    }

    /// How many leading bytes every key shares.
    static func sharedPrefixLength(_ keys: [String]) -> Int {
        let first = Array(keys[0].utf8)
        let pieces = Parallel.ranges(keys.count, minimumSize: 1 << 16)
        return Parallel.map(pieces.count) { piece in
            var shared = first.count
            for row in pieces[piece] {
                var length = 0
                for byte in keys[row].utf8.prefix(shared) {
                    guard byte == first[length] else { break }
                    length += 1
                }
                shared = length
                if shared == 0 { break }
            }
            return shared
        }.min() ?? 0
    }

    /// The eight bytes of `key` after its first `skip`, as a big-endian number.
    static func prefix(_ key: String, after skip: Int) -> UInt64 {
        var value: UInt64 = 0
        var taken = 0
        for byte in key.utf8.dropFirst(skip).prefix(8) {
            value = value << 8 | UInt64(byte)
            taken += 1
        }
        return taken == 8 ? value : value << (8 * (8 - taken))
    }

    private static func merge(_ a: [Entry], _ b: [Entry]) -> [Entry] {
        var merged: [Entry] = []
        merged.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count, j < b.count {
            if b[j] < a[i] { merged.append(b[j]); j += 1 } else { merged.append(a[i]); i += 1 }
        }
        merged.append(contentsOf: a[i...])
        merged.append(contentsOf: b[j...])
        return merged
    }
}
