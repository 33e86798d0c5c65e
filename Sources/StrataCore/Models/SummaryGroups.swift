/// Purchase summaries with identical (x, tₓ, T) merged into one weighted row, and the distinct
/// frequencies listed once: the log-likelihood terms that depend on x alone are computed per
/// distinct x, the rest per distinct row.
public struct SummaryGroups: Sendable {
    package var frequency: [Double] = []
    package var recency: [Double] = []
    package var age: [Double] = []
    package var weight: [Double] = []
    /// Each row's index into `frequencies.values`.
    package var frequencyIndex: [Int32] = []
    package var frequencies = DistinctValues()
    /// Number of customers represented.
    package var customers = 0.0
    /// The distinct (x, t) among the rows' (x, tₓ) and (x, T), when there are at most half as
    /// many as rows (times in whole days or weeks): a term that depends on the frequency and one
    /// of the times alone is computed once per pair. Empty otherwise.
    package var pairFrequency: [Double] = []
    package var pairTime: [Double] = []
    /// Each row's pair for (x, tₓ) and for (x, T) (empty with the pairs).
    package var recencyPair: [Int32] = []
    package var agePair: [Int32] = []

    /// Groups the customers for which `include` is true.
    package init(_ s: PurchaseSummaries, where include: (Int) -> Bool = { _ in true }) {
        let rows = RowMerger.rows(s.count, where: include) { i in
            (s.frequency[i].bitPattern, s.recency[i].bitPattern, s.age[i].bitPattern)
        }
        weight = rows.weight
        customers = rows.customers
        for i in rows.first {
            frequency.append(s.frequency[i])
            recency.append(s.recency[i])
            age.append(s.age[i])
            frequencyIndex.append(frequencies.index(of: s.frequency[i]))
        }
        findPairs()
    }

    private mutating func findPairs() {
        guard count >= 1_024 else { return }
        var table = RowTable(capacity: count / 2)
        var xs: [Double] = [], times: [Double] = []
        /// The pair's number, or nil once there are too many pairs to be worth it.
        func pair(_ x: Double, _ t: Double) -> Int32? {
            let (pair, inserted) = table.insert(x.bitPattern, t.bitPattern, 0, next: times.count)
            guard inserted else { return Int32(pair) }
            guard times.count < count / 2 else { return nil }
            xs.append(x)
            times.append(t)
            return Int32(pair)
        }
        var recencies: [Int32] = [], ages: [Int32] = []
        recencies.reserveCapacity(count)
        ages.reserveCapacity(count)
        for i in 0..<count {
            guard let recency = pair(frequency[i], recency[i]), let age = pair(frequency[i], age[i]) else { return }
            recencies.append(recency)
            ages.append(age)
        }
        (pairFrequency, pairTime, recencyPair, agePair) = (xs, times, recencies, ages)
    }

    package var count: Int { frequency.count }
}

/// Merges customers with identical keys into weighted rows.
///
/// Merging costs a hash lookup per customer and pays off when rows repeat (times in whole days
/// or weeks); when a sample of the first customers shows fewer than 30% repeats (continuous
/// times), every customer stays its own row.
package enum RowMerger {
    package typealias Key = (UInt64, UInt64, UInt64)

    /// The first customer of each row, each row's weight, and the number of customers included.
    package static func rows(_ count: Int, where include: (Int) -> Bool, key: (Int) -> Key) -> (first: [Int], weight: [Double], customers: Double) {
        var first: [Int] = []
        var weight: [Double] = []
        var customers = 0.0
        let merge = repeatShare(count, include, key) >= 0.3
        var table = RowTable(capacity: merge ? count : 0)
        for i in 0..<count where include(i) {
            customers += 1
            if merge {
                let (a, b, c) = key(i)
                let (row, inserted) = table.insert(a, b, c, next: first.count)
                if !inserted {
                    weight[row] += 1
                    continue
                }
            }
            first.append(i)
            weight.append(1)
        }
        return (first, weight, customers)
    }

    /// Share of repeated keys among the first 16,384 included customers.
    private static func repeatShare(_ count: Int, _ include: (Int) -> Bool, _ key: (Int) -> Key) -> Double {
        var table = RowTable(capacity: 16_384)
        var seen = 0, repeated = 0
        for i in 0..<count where include(i) {
            let (a, b, c) = key(i)
            if !table.insert(a, b, c, next: seen).inserted { repeated += 1 }
            seen += 1
            if seen == 16_384 { break }
        }
        return seen == 0 ? 0 : Double(repeated) / Double(seen)
    }
}

/// An open-addressing hash set of (x, tₓ, T) bit patterns mapping to row numbers: the merge step
/// runs once per customer, so it avoids the general-purpose dictionary's overhead.
private struct RowTable {
    private var keys: [UInt64]
    private var rows: [Int32]
    private let mask: Int

    package init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size * 3)
        rows = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The row of the key, inserting `next` when it is new.
    package mutating func insert(_ a: UInt64, _ b: UInt64, _ c: UInt64, next: Int) -> (row: Int, inserted: Bool) {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ b) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 31) ^ c) &* 0x94D0_49BB_1331_11EB
        var slot = Int(truncatingIfNeeded: h ^ (h >> 32)) & mask
        while rows[slot] >= 0 {
            if keys[slot * 3] == a, keys[slot * 3 + 1] == b, keys[slot * 3 + 2] == c { return (Int(rows[slot]), false) }
            slot = (slot + 1) & mask
        }
        keys[slot * 3] = a
        keys[slot * 3 + 1] = b
        keys[slot * 3 + 2] = c
        rows[slot] = Int32(next)
        return (next, true)
    }
}

/// Distinct values in order of first appearance, each with a small index. Whole numbers below
/// 65,536 (purchase counts) are looked up in an array, others in a dictionary.
package struct DistinctValues: Sendable {
    package private(set) var values: [Double] = []
    private var small = [Int32](repeating: -1, count: 65_536)
    private var index: [Double: Int32] = [:]

    package mutating func index(of value: Double) -> Int32 {
        if value >= 0, value < 65_536, value == value.rounded(.down) {
            let slot = Int(value)
            if small[slot] < 0 {
                small[slot] = Int32(values.count)
                values.append(value)
            }
            return small[slot]
        }
        if let k = index[value] { return k }
        index[value] = Int32(values.count)
        values.append(value)
        return Int32(values.count - 1)
    }
}
