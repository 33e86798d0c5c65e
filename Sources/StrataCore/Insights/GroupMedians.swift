/// Exact medians of one numeric column inside each group of a partition and over the rest of the
/// customers (everyone not in the group), in two passes over the column for every partition at
/// once, whatever the number of groups: the first counts values per group in about 4,096
/// order-preserving buckets (each value's bucket, and the whole column's counts, made once per
/// column: ``BucketedColumn``), the second gathers only the values of the buckets that hold the
/// middle ranks, which are then selected. Non-finite values are missing; a median of no values is NaN.
package struct GroupMedians: Sendable {
    /// Median of each group's values.
    package var inGroup: [Double]
    /// Median of the values of every customer outside each group (including ungrouped ones).
    package var rest: [Double]

    /// `groups[c]` is customer c's group, 0..<count, or negative for none.
    package init(_ values: [Double], groups: [Int], count: Int) {
        self = Self.each(BucketedColumn(values), PartitionCodes([(groups, count)], customers: values.count))[0]
    }

    private init(inGroup: [Double], rest: [Double]) {
        (self.inGroup, self.rest) = (inGroup, rest)
    }

    /// The medians of every partition of `partitions`.
    package static func each(_ column: BucketedColumn, _ partitions: PartitionCodes) -> [GroupMedians] {
        precondition(column.values.count == partitions.customers)
        let buckets = column.count, width = partitions.count, offsets = partitions.offsets
        let groupCount = offsets.last ?? 0
        let (low, high) = (column.low, column.high)
        // Per bucket and group (numbered across partitions), how many of the group's values fall
        // there (the whole column's: `column.all`), at `bucket * groupCount + group`: a
        // customer's counts, one in each partition, lie a few cache lines apart. A customer at a
        // time: the counts of consecutive customers in the same group and bucket do not wait on
        // each other.
        var histogram = [Int32](repeating: 0, count: groupCount * buckets)
        column.bucket.withUnsafeBufferPointer { bucket in
            partitions.groups.withUnsafeBufferPointer { groups in
                histogram.withUnsafeMutableBufferPointer { histogram in
                    for (c, b) in bucket.enumerated() where b != BucketedColumn.missing {
                        let row = Int(b) * groupCount
                        for k in groups[(c * width)..<(c * width + width)] where k != PartitionCodes.none {
                            histogram[row + Int(k)] += 1
                        }
                    }
                }
            }
        }
        // Each order statistic wanted: (partition, its group numbered across partitions, inside?,
        // bucket, rank within the bucket, how many of the side's values the bucket holds).
        struct Target { var partition: Int; var group: UInt16; var inside: Bool; var bucket: Int; var rank: Int; var size: Int }
        var targets: [Target] = []
        var inBucket = [Int](repeating: 0, count: buckets)
        for p in 0..<partitions.count {
            for g in 0..<partitions.counts[p] {
                for inside in [true, false] {
                    let k = offsets[p] + g
                    var n = 0
                    for b in 0..<buckets {
                        let count = histogram[b * groupCount + k]
                        inBucket[b] = Int(inside ? count : column.all[b] - count)
                        n += inBucket[b]
                    }
                    guard n > 0 else { continue }
                    var below = 0, b = 0
                    for rank in Set([(n - 1) / 2, n / 2]).sorted() {
                        while below + inBucket[b] <= rank { below += inBucket[b]; b += 1 }
                        targets.append(Target(partition: p, group: UInt16(offsets[p] + g), inside: inside, bucket: b, rank: rank - below, size: inBucket[b]))
                    }
                }
            }
        }
        // Then the values of the buckets that hold a wanted rank (and more than one value): target
        // t's at `gathered[start[t]..<start[t + 1]]`, the targets of bucket b at
        // `wanted[firstWanted[b]..<firstWanted[b + 1]]`.
        let gathers = targets.map { low[$0.bucket] != high[$0.bucket] }
        var start = [0], firstWanted = [Int](repeating: 0, count: buckets + 1)
        for (t, target) in targets.enumerated() {
            start.append(start[t] + (gathers[t] ? target.size : 0))
            if gathers[t] { firstWanted[target.bucket + 1] += 1 }
        }
        for b in 0..<buckets { firstWanted[b + 1] += firstWanted[b] }
        var wanted = [Int](repeating: 0, count: firstWanted[buckets])
        var filled = firstWanted
        for (t, target) in targets.enumerated() where gathers[t] {
            wanted[filled[target.bucket]] = t
            filled[target.bucket] += 1
        }
        var gathered = [Double](repeating: 0, count: start[targets.count])
        var next = start
        column.bucket.withUnsafeBufferPointer { bucket in
            partitions.groups.withUnsafeBufferPointer { groups in
                column.values.withUnsafeBufferPointer { values in
                    gathered.withUnsafeMutableBufferPointer { gathered in
                        next.withUnsafeMutableBufferPointer { next in
                            for (c, b) in bucket.enumerated() where b != BucketedColumn.missing {
                                for w in firstWanted[Int(b)]..<firstWanted[Int(b) + 1] {
                                    let t = wanted[w], target = targets[t]
                                    if (groups[c * width + target.partition] == target.group) == target.inside {
                                        gathered[next[t]] = values[c]
                                        next[t] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var picked = [[Double]](repeating: [], count: (offsets.last ?? 0) * 2)
        for (t, target) in targets.enumerated() {
            // Counts and flags often fill a bucket with one repeated value: no need to sort it.
            var values = Array(gathered[start[t]..<start[t + 1]])
            let value = gathers[t] ? OrderStatistic.select(&values, rank: target.rank) : low[target.bucket]
            picked[Int(target.group) * 2 + (target.inside ? 0 : 1)].append(value)
        }
        func middle(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.count == 1 ? xs[0] : (xs[0] + xs[1]) / 2 }
        return (0..<partitions.count).map { p in
            let groups = offsets[p]..<offsets[p + 1]
            return GroupMedians(inGroup: groups.map { middle(picked[$0 * 2]) }, rest: groups.map { middle(picked[$0 * 2 + 1]) })
        }
    }
}

/// A numeric column's values with what every partition's ``GroupMedians`` shares: each value's
/// bucket, how many values fall in each bucket, and each bucket's smallest and largest value (a
/// bucket of one repeated value — counts, flags — answers its order statistics without gathering
/// its values). Buckets follow the values' order and hold about 1/4096 of them each: adjacent
/// ranges of the top 16 bits of an order-preserving mapping of each value's bit pattern, merged
/// until full, so that the per-group counts take 16 KB a group whatever the values' spread. A
/// range fuller than eight buckets (probabilities near 1, amounts of one order of magnitude) is
/// split by the next 12 bits first, so that the values a median is then selected from stay few;
/// fewer than 1,024 ranges are that full, so their counts take at most 24 MB however the values lie.
package struct BucketedColumn: Sendable {
    /// About how many buckets the values are spread over.
    static let target = 4_096
    let values: [Double]
    /// How many buckets there are.
    let count: Int
    /// Each customer's bucket, or `missing` for a non-finite value (which no count includes).
    let bucket: [UInt16]
    /// The bucket of a non-finite value. Buckets are far fewer: a bucket closes once it holds
    /// about 1/4096 of the values, or at a range (or part of a split range) that holds as many
    /// on its own.
    static let missing = UInt16.max
    let all: [Int32]
    let low: [Double]
    let high: [Double]

    /// Bits of the order-preserving key that name a range, and the bits after them that split a full range.
    static let rangeBits = 16, splitBits = 12

    package init(_ values: [Double]) {
        self.values = values
        // First the top 16 bits of each value's order-preserving key, and their counts.
        let ranges = 1 << Self.rangeBits, parts = 1 << Self.splitBits
        var bucket = [UInt16](repeating: Self.missing, count: values.count)
        var rangeCount = [Int32](repeating: 0, count: ranges)
        var finite = 0
        for (c, v) in values.enumerated() where v.isFinite {
            let range = Int(Self.key(v) >> (64 - Self.rangeBits))
            bucket[c] = UInt16(range)
            rangeCount[range] += 1
            finite += 1
        }
        // Then the values of each range fuller than eight buckets counted by their next bits.
        let size = max(1, finite / Self.target)
        var split = [Int32](repeating: -1, count: ranges)
        var splitCount = 0
        for range in 0..<ranges where Int(rangeCount[range]) > 8 * size {
            split[range] = Int32(splitCount)
            splitCount += 1
        }
        var partCount = [Int32](repeating: 0, count: splitCount * parts)
        if splitCount > 0 {
            for (c, v) in values.enumerated() where bucket[c] != Self.missing && split[Int(bucket[c])] >= 0 {
                partCount[Int(split[Int(bucket[c])]) * parts + Self.part(v)] += 1
            }
        }
        // Then adjacent ranges (and parts of split ranges) merged into buckets of about
        // finite / target values.
        var bucketOfRange = [UInt16](repeating: 0, count: ranges)
        var bucketOfPart = [UInt16](repeating: 0, count: splitCount * parts)
        var k = 0, held = 0
        func add(_ n: Int) -> UInt16 {
            if n >= size && held > 0 { (k, held) = (k + 1, 0) }
            let b = UInt16(k)
            held += n
            if held >= size { (k, held) = (k + 1, 0) }
            return b
        }
        for range in 0..<ranges {
            let s = Int(split[range])
            guard s >= 0 else {
                bucketOfRange[range] = add(Int(rangeCount[range]))
                continue
            }
            for part in 0..<parts { bucketOfPart[s * parts + part] = add(Int(partCount[s * parts + part])) }
        }
        count = k + 1
        var all = [Int32](repeating: 0, count: count)
        var low = [Double](repeating: .infinity, count: count), high = [Double](repeating: -.infinity, count: count)
        for (c, v) in values.enumerated() where bucket[c] != Self.missing {
            let range = Int(bucket[c]), s = Int(split[range])
            let b = Int(s < 0 ? bucketOfRange[range] : bucketOfPart[s * parts + Self.part(v)])
            bucket[c] = UInt16(b)
            all[b] += 1
            low[b] = min(low[b], v)
            high[b] = max(high[b], v)
        }
        (self.bucket, self.all, self.low, self.high) = (bucket, all, low, high)
    }

    /// An order-preserving mapping of the value's bit pattern.
    static func key(_ v: Double) -> UInt64 {
        let bits = v.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// The bits of the value's key after its range's.
    static func part(_ v: Double) -> Int {
        Int(truncatingIfNeeded: (key(v) << UInt64(rangeBits)) >> UInt64(64 - splitBits))
    }
}
