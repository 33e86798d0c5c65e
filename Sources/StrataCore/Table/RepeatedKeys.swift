/// Finds, among tens of millions of keyed rows, every row whose key equals an earlier row's key:
/// exactly, and in pieces that fit the cache.
///
/// One hash set over every id misses the cache on nearly every row. Instead the rows are first
/// laid out by the top bits of their key's hash into partitions of at most about 32,000 rows
/// (equal keys share a partition, and rows keep their order inside it), then each partition is
/// checked with a small set of its own, in parallel. A set entry holds 32 more bits of the hash
/// and the row's number; keys are compared only when those bits match, so the result is exact.
package enum RepeatedKeys {
    /// A row whose key was seen before, and the first row with that key (rows numbered across
    /// chunks: chunk 0's rows first).
    package struct Repeat: Sendable, Equatable {
        package let row: Int32
        package let first: Int32
    }

    /// Rows a partition holds at most (unless there are more than 4,096 of them).
    static let partitionSize = 32_768
    static let maximumPartitionBits = 12

    /// - Parameters:
    ///   - hashes: per chunk, each row's 64-bit key hash (``byteHash(_:seed:)``).
    ///   - kept: per chunk, per row: negative when the row was dropped and takes no part.
    ///   - equal: whether the keys of two rows (numbered across chunks) are equal.
    /// - Returns: the repeats, per partition, in row order within it (the partitions depend on the
    ///   hashes alone, not on the number of cores).
    package static func find<Hashes: Collection<UInt64>>(hashes: [Hashes], kept: [[Int32]], equal: (Int32, Int32) -> Bool) -> [[Repeat]] {
        precondition(hashes.count == kept.count && zip(hashes, kept).allSatisfy { $0.count == $1.count }, "one hash and one kept mark per row")
        // Constants from here on: the closures below run in parallel, and a variable they
        // captured would be checked for exclusive access on every row.
        let starts = hashes.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let bits = (0...maximumPartitionBits).first { starts[starts.count - 1] >> $0 <= partitionSize } ?? maximumPartitionBits
        let partitions = 1 << bits
        @inline(__always) func partition(_ hash: UInt64) -> Int { bits == 0 ? 0 : Int(truncatingIfNeeded: hash >> UInt64(64 - bits)) }

        // Rows per chunk and partition; then each chunk's place in each partition, chunks in order.
        let counts: [[Int]] = Parallel.map(hashes.count) { c in
            var counts = [Int](repeating: 0, count: partitions)
            hashes[c].withContiguousElements { hashes in
                kept[c].withUnsafeBufferPointer { kept in
                    for row in 0..<hashes.count where kept[row] >= 0 { counts[partition(hashes[row])] += 1 }
                }
            }
            return counts
        }
        var bounds = [Int](repeating: 0, count: partitions + 1)
        var offsets = [[Int]](repeating: [Int](repeating: 0, count: partitions), count: hashes.count)
        var position = 0
        for p in 0..<partitions {
            bounds[p] = position
            for c in 0..<hashes.count {
                offsets[c][p] = position
                position += counts[c][p]
            }
        }
        bounds[partitions] = position

        // An entry: the hash's low 32 bits above the row number.
        let entries = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(position, 1))
        defer { entries.deallocate() }
        // Chunks write disjoint places, and `map` returns only after every chunk finished.
        nonisolated(unsafe) let laid = entries
        _ = Parallel.map(hashes.count) { c in
            var next = offsets[c]
            hashes[c].withContiguousElements { hashes in
                kept[c].withUnsafeBufferPointer { kept in
                    for row in 0..<hashes.count where kept[row] >= 0 {
                        let hash = hashes[row]
                        let p = partition(hash)
                        laid[next[p]] = hash << 32 | UInt64(starts[c] + row)
                        next[p] += 1
                    }
                }
            }
        }

        return Parallel.map(partitions) { p in
            let range = bounds[p]..<bounds[p + 1]
            var size = 16
            while size < range.count * 2 { size <<= 1 }
            let mask = size - 1
            var set = [UInt64](repeating: .max, count: size)  // no entry is all ones: rows stay below 2³¹
            var repeats: [Repeat] = []
            set.withUnsafeMutableBufferPointer { set in
                for i in range {
                    let entry = laid[i]
                    let tag = entry >> 32
                    var slot = Int(truncatingIfNeeded: tag) & mask
                    while true {
                        let held = set[slot]
                        if held == .max {
                            set[slot] = entry
                            break
                        }
                        if held >> 32 == tag, equal(Int32(truncatingIfNeeded: held), Int32(truncatingIfNeeded: entry)) {
                            repeats.append(Repeat(row: Int32(truncatingIfNeeded: entry), first: Int32(truncatingIfNeeded: held)))
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
            return repeats
        }
    }
}
