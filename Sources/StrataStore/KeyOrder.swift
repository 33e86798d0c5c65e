import Foundation
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
    /// Rows are sorted by the sixteen bytes that follow the prefix all keys share (ids such as
    /// `evt_000…` differ only after it): spread into buckets by the first two of those bytes (a
    /// pass that keeps file order), then each bucket sorted on its own, the buckets on every
    /// core; runs of rows with equal bytes there are then sorted by their whole key. The order is
    /// total, so it does not depend on the cut.
    package static func rows(_ keys: [String]) -> [Int32] {
        guard keys.count > 1 else { return keys.indices.map { Int32($0) } }
        let skip = sharedPrefixLength(keys)
        let pieces = Parallel.ranges(keys.count, minimumSize: 1 << 16)
        let prefixes = Parallel.map(pieces.count) { piece in pieces[piece].map { prefix(keys[$0], after: skip) } }.flatMap { $0 }
        var starts = [Int](repeating: 0, count: buckets + 1)
        for value in prefixes { starts[bucket(value.0) + 1] += 1 }
        for b in 0..<buckets { starts[b + 1] += starts[b] }
        var entries = [Entry](unsafeUninitializedCapacity: keys.count) { buffer, initialized in
            var next = starts
            for (row, value) in prefixes.enumerated() {
                let b = bucket(value.0)
                (buffer.baseAddress! + next[b]).initialize(to: Entry(high: value.0, low: value.1, row: Int32(row)))
                next[b] += 1
            }
            initialized = keys.count
        }
        // Groups of whole buckets of about equal size, one task each.
        var groups: [Range<Int>] = []
        var first = 0
        let target = max(1, keys.count / 64)
        for b in 0..<buckets where starts[b + 1] - starts[first] >= target || b == buckets - 1 {
            groups.append(first..<(b + 1))
            first = b + 1
        }
        entries.withUnsafeMutableBufferPointer { buffer in
            // Groups sort disjoint ranges, and `map` returns only after every group finished.
            nonisolated(unsafe) let all = buffer
            _ = Parallel.map(groups.count) { g in
                for b in groups[g] where starts[b + 1] - starts[b] > 1 {
                    var bucket = UnsafeMutableBufferPointer(rebasing: all[starts[b]..<starts[b + 1]])
                    bucket.sort()
                }
            }
        }
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].high == entries[start].high, entries[end].low == entries[start].low { end += 1 }
            if end - start > 1 {
                entries[start..<end].sort { a, b in
                    let (x, y) = (keys[Int(a.row)], keys[Int(b.row)])
                    return precedes(x, y) || (!precedes(y, x) && a.row < b.row)
                }
            }
            start = end
        }
        return entries.map(\.row)
    }

    /// Buckets by the first two bytes after the shared prefix (the top of the high word).
    private static let buckets = 1 << 16

    private static func bucket(_ prefix: UInt64) -> Int { Int(prefix >> 48) }

    /// A row and sixteen bytes of its key, big-endian (a shorter key padded with zeros).
    private struct Entry: Comparable {
        var high: UInt64
        var low: UInt64
        var row: Int32

        static func < (a: Entry, b: Entry) -> Bool {
            a.high != b.high ? a.high < b.high : a.low != b.low ? a.low < b.low : a.row < b.row
        }
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

    /// The eight bytes of `key` after its first `skip`, and the eight after them, as big-endian
    /// numbers (a shorter key padded with zeros).
    static func prefix(_ key: String, after skip: Int) -> (UInt64, UInt64) {
        var key = key
        return key.withUTF8 { bytes in
            func word(_ from: Int) -> UInt64 {
                var value: UInt64 = 0
                for i in from..<(from + 8) { value = value << 8 | UInt64(i < bytes.count ? bytes[i] : 0) }
                return value
            }
            return (word(skip), word(skip + 8))
        }
    }

    /// Whether key `a` comes before key `b` in byte order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in
            let n = min(x.count, y.count)
            let common = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
            return common != 0 ? common < 0 : x.count < y.count
        } }
    }
}
