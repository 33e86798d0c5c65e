import Foundation

/// Customers by repeat purchases in their observation period, as observed and as the fitted
/// model makes them: the `lifetimes` package's "period transactions" check. The model's counts
/// come from simulating each customer's own observation time T with the fitted parameters
/// (averaged over several draws), so a model that fits the data gives bars of the same height.
public struct PeriodTransactions: Sendable, Codable, Equatable {
    /// "0", "1", … and "N+" for the last bucket.
    public var labels: [String]
    public var actual: [Int]
    public var model: [Double]
    /// Simulations per customer.
    public var draws: Int

    /// - Parameters:
    ///   - draws: simulations per customer (their mean is shown); by default 10, fewer on large
    ///     bases (about a million stories in all, at least one per customer: a bar's share of a
    ///     million stories is already within 0.1 percentage points of its expected value).
    public init(_ summaries: PurchaseSummaries, kind: PurchaseModelKind, parameters: [Double], largest: Int = 7,
                draws: Int? = nil, seed: UInt64 = 1) {
        let draws = draws ?? max(1, min(10, 1_000_000 / max(1, summaries.count)))
        self.draws = draws
        labels = (0...largest).map { $0 == largest ? "\($0)+" : "\($0)" }
        actual = [Int](repeating: 0, count: largest + 1)
        for x in summaries.frequency { actual[min(largest, Int(x))] += 1 }
        let blockSize = 4096
        let blocks = (summaries.count + blockSize - 1) / blockSize
        let counts = Parallel.map(blocks) { block -> [Int] in
            var random = SeededRandom(seed: seed, stream: UInt64(block))
            var counts = [Int](repeating: 0, count: largest + 1)
            for i in (block * blockSize)..<min(summaries.count, (block + 1) * blockSize) {
                for _ in 0..<draws { counts[min(largest, kind.simulatedHistory(parameters: parameters, age: summaries.age[i], limit: largest, random: &random).0)] += 1 }
            }
            return counts
        }
        model = (0...largest).map { k in Double(counts.reduce(0) { $0 + $1[k] }) / Double(draws) }
    }
}

/// The probability a customer is still active by repeat purchases (rows, most first) and time
/// since the last purchase (columns), for a customer observed for `age` time units: the fitted
/// model's answer over the whole grid, as the `lifetimes` package's P(alive) matrix plots it.
public struct PAliveMatrix: Sendable, Codable, Equatable {
    /// Repeat purchases of each row, most first.
    public var frequencies: [Int]
    /// Time since the last purchase at each column's middle, in the model's unit.
    public var sinceLast: [Double]
    /// `values[row][column]`; nil where no customer can be (no repeat purchase but a last purchase
    /// after the first).
    public var values: [[Double?]]
    /// The observation time T the grid is for.
    public var age: Double
    /// Days per time unit.
    public var unitDays: Double

    public init(model: any PurchaseModel, age: Double, maxFrequency: Int, columns: Int = 8, unitDays: Double = 1) {
        self.age = age
        self.unitDays = unitDays
        // Every count up to 10; beyond, about ten rows spread evenly on a log scale.
        let top = max(1, maxFrequency)
        var counts = Set(0...min(top, 3))
        if top <= 10 {
            counts = Set(0...top)
        } else {
            for k in 0...6 {
                let spread: Double = 4 * pow(Double(top) / 4, Double(k) / 6)
                counts.insert(Int(spread.rounded()))
            }
        }
        let rows = counts.sorted(by: >)
        let step = age / Double(columns)
        let gaps = (0..<columns).map { (Double($0) + 0.5) * step }
        frequencies = rows
        sinceLast = gaps
        values = rows.map { x in
            gaps.enumerated().map { j, gap -> Double? in
                // Without a repeat purchase the last purchase is the first: at T, the last column.
                if x == 0 { return j == columns - 1 ? model.pAlive(frequency: 0, recency: 0, age: age) : nil }
                return model.pAlive(frequency: Double(x), recency: age - gap, age: age)
            }
        }
    }

    /// For the buyers of `summaries`: T their median observation time, rows up to the 95th
    /// percentile of repeat purchases (at most 20).
    public init(model: any PurchaseModel, summaries: PurchaseSummaries, unitDays: Double = 1) {
        var ages = summaries.age, frequencies = summaries.frequency
        let median = ages.isEmpty ? 1 : OrderStatistic.select(&ages, rank: ages.count / 2)
        let top = frequencies.isEmpty ? 1 : Int(OrderStatistic.select(&frequencies, rank: Int(Double(frequencies.count - 1) * 0.95)))
        self.init(model: model, age: max(median, 1 / unitDays), maxFrequency: min(20, max(1, top)), unitDays: unitDays)
    }
}
