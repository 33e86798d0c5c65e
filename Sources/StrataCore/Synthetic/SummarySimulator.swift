/// Draws customer summaries from a purchase model's own story (and spends from Gamma-Gamma),
/// to test that fits recover known parameters and to benchmark on any number of customers.
///
/// Each customer is observed for a time T uniform in `ageRange` after their first purchase.
/// With a `resolution`, times are recorded as whole multiples of it (e.g. 1/7 for whole days
/// when the unit is weeks), as a transaction log with dates would record them. (Two purchases
/// that land on one day still count twice; at realistic purchase rates this is rare.)
public struct SummarySimulator: Sendable {
    public var kind: PurchaseModelKind
    public var parameters: [Double]
    /// Gamma-Gamma p, q, γ; nil for no monetary values.
    public var spend: [Double]?
    public var ageRange: ClosedRange<Double>
    public var seed: UInt64
    /// 0: continuous times.
    public var resolution: Double

    public init(kind: PurchaseModelKind, parameters: [Double], spend: [Double]? = nil,
                ageRange: ClosedRange<Double> = 26...78, resolution: Double = 0, seed: UInt64 = 1) {
        self.resolution = resolution
        self.kind = kind
        self.parameters = parameters
        self.spend = spend
        self.ageRange = ageRange
        self.seed = seed
    }

    /// Simulates `customers` summaries; the same seed gives the same summaries at any thread count.
    public func run(customers: Int) -> PurchaseSummaries {
        let blockSize = 8192
        let blocks = (customers + blockSize - 1) / blockSize
        let pieces = Parallel.map(blocks) { block -> PurchaseSummaries in
            var random = SeededRandom(seed: seed, stream: UInt64(block))
            var out = PurchaseSummaries(frequency: [], recency: [], age: [])
            for i in (block * blockSize)..<min(customers, (block + 1) * blockSize) {
                var T = random.uniform(ageRange.lowerBound, ageRange.upperBound)
                let (x, recency) = kind.simulatedHistory(parameters: parameters, age: T, random: &random)
                var tx = recency
                if resolution > 0 {
                    // The first purchase falls somewhere in its day; the others are recorded by day too.
                    let offset = random.unit() * resolution
                    T = ((T + offset) / resolution).rounded(.down) * resolution
                    tx = ((tx + offset) / resolution).rounded(.down) * resolution
                }
                out.ids.append(String(i + 1))
                out.frequency.append(Double(x))
                out.recency.append(tx)
                out.age.append(T)
                if let spend { out.monetary.append(averageSpend(x, spend, &random)) }
            }
            return out
        }
        var all = PurchaseSummaries(frequency: [], recency: [], age: [])
        for piece in pieces {
            all.ids += piece.ids
            all.frequency += piece.frequency
            all.recency += piece.recency
            all.age += piece.age
            all.monetary += piece.monetary
        }
        return all
    }

    /// Mean of x purchase values, each gamma(p, ν) with ν ~ gamma(q, γ); 0 when x = 0.
    private func averageSpend(_ x: Int, _ spend: [Double], _ random: inout SeededRandom) -> Double {
        guard x > 0 else { return 0 }
        let nu = random.gamma(shape: spend[1], rate: spend[2])
        // The sum of x gamma(p, ν) values is gamma(px, ν).
        return random.gamma(shape: spend[0] * Double(x), rate: nu) / Double(x)
    }
}
