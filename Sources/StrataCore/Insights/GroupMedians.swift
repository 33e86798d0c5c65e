/// Exact medians of one numeric column inside each group of a partition and over the rest of the
/// customers (everyone not in the group), in two passes whatever the number of groups: the first
/// counts values per group in 65,536 order-preserving buckets of their bit patterns, the second
/// gathers only the values of the buckets that hold the middle ranks, which are then selected.
/// Non-finite values are missing; a median of no values is NaN.
struct GroupMedians: Sendable {
    /// Median of each group's values.
    var inGroup: [Double]
    /// Median of the values of every customer outside each group (including ungrouped ones).
    var rest: [Double]

    /// `groups[c]` is customer c's group, 0..<count, or negative for none.
    init(_ values: [Double], groups: [Int], count: Int) {
        let buckets = 1 << 16
        var histogram = [Int](repeating: 0, count: (count + 1) * buckets)
        let all = count * buckets
        for (c, v) in values.enumerated() where v.isFinite {
            let b = Self.bucket(v)
            histogram[all + b] += 1
            if groups[c] >= 0 { histogram[groups[c] * buckets + b] += 1 }
        }
        // Each order statistic wanted: (group, inside?, bucket, rank within the bucket).
        struct Target { var group: Int; var inside: Bool; var bucket: Int; var rank: Int }
        var targets: [Target] = []
        for g in 0..<count {
            for inside in [true, false] {
                let countIn: (Int) -> Int = inside ? { histogram[g * buckets + $0] } : { histogram[all + $0] - histogram[g * buckets + $0] }
                var n = 0
                for b in 0..<buckets { n += countIn(b) }
                guard n > 0 else { continue }
                for rank in Set([(n - 1) / 2, n / 2]).sorted() {
                    var below = 0, b = 0
                    while below + countIn(b) <= rank { below += countIn(b); b += 1 }
                    targets.append(Target(group: g, inside: inside, bucket: b, rank: rank - below))
                }
            }
        }
        var gathered = [[Double]](repeating: [], count: targets.count)
        var wanted = [[Int]](repeating: [], count: buckets)
        for (t, target) in targets.enumerated() { wanted[target.bucket].append(t) }
        for (c, v) in values.enumerated() where v.isFinite {
            let b = Self.bucket(v)
            for t in wanted[b] where (groups[c] == targets[t].group) == targets[t].inside {
                gathered[t].append(v)
            }
        }
        var picked = [[Double]](repeating: [], count: count * 2)
        for (t, target) in targets.enumerated() {
            gathered[t].sort()
            picked[target.group * 2 + (target.inside ? 0 : 1)].append(gathered[t][target.rank])
        }
        func middle(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.count == 1 ? xs[0] : (xs[0] + xs[1]) / 2 }
        inGroup = (0..<count).map { middle(picked[$0 * 2]) }
        rest = (0..<count).map { middle(picked[$0 * 2 + 1]) }
    }

    /// The top 16 bits of an order-preserving mapping of the value's bit pattern.
    static func bucket(_ v: Double) -> Int {
        let bits = v.bitPattern
        let key = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return Int(key >> 48)
    }
}
