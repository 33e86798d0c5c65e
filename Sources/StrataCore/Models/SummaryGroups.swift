/// Purchase summaries with identical (x, tₓ, T) merged into one weighted row, and the distinct
/// frequencies listed once: the log-likelihood terms that depend on x alone are computed per
/// distinct x, the rest per distinct row.
public struct SummaryGroups: Sendable {
    var frequency: [Double] = []
    var recency: [Double] = []
    var age: [Double] = []
    var weight: [Double] = []
    /// Each row's index into `frequencies.values`.
    var frequencyIndex: [Int32] = []
    var frequencies = DistinctValues()
    /// Number of customers represented.
    var customers = 0.0

    private struct Key: Hashable {
        let x: UInt64, tx: UInt64, t: UInt64
    }

    init(_ s: PurchaseSummaries, where include: (Int) -> Bool = { _ in true }) {
        var index: [Key: Int] = [:]
        index.reserveCapacity(min(s.count, 1 << 20))
        for i in 0..<s.count where include(i) {
            let x = s.frequency[i], tx = s.recency[i], t = s.age[i]
            customers += 1
            let key = Key(x: x.bitPattern, tx: tx.bitPattern, t: t.bitPattern)
            if let row = index[key] {
                weight[row] += 1
                continue
            }
            index[key] = frequency.count
            frequency.append(x)
            recency.append(tx)
            age.append(t)
            weight.append(1)
            frequencyIndex.append(frequencies.index(of: x))
        }
    }

    var count: Int { frequency.count }
}

/// Distinct values in order of first appearance, each with a small index.
struct DistinctValues: Sendable {
    private(set) var values: [Double] = []
    private var index: [Double: Int32] = [:]

    mutating func index(of value: Double) -> Int32 {
        if let k = index[value] { return k }
        index[value] = Int32(values.count)
        values.append(value)
        return Int32(values.count - 1)
    }
}
