/// RFM scores 1–5 by quintile of rank, among customers with at least one purchase.
///
/// A customer's score is `1 + ⌊5 · w / n⌋`, where `n` is the number of scored customers and `w`
/// the number of them with a strictly *worse* value (more days since the last purchase for R,
/// fewer purchases for F, less net revenue for M). Equal values therefore always get equal
/// scores (no arbitrary tie-breaking), and scores depend only on the values, never on input
/// order or thread timing. Money is compared in integer cents. Customers without a purchase get 0;
/// without amounts in the orders, every M score is 0 and the FM score is F.
public struct RFMScores: Sendable {
    public var recency: [UInt8]
    public var frequency: [UInt8]
    public var monetary: [UInt8]

    /// Scores the customers of `features`.
    public init(_ features: CustomerFeatures) {
        let scored = (0..<features.count).filter { features.hasPurchase($0) }
        let scores = Parallel.map(3) { letter -> [UInt8] in
            switch letter {
            case 0: return Self.score(scored, count: features.count) { -(features.daysSinceLastPurchase($0) ?? 0) }
            case 1: return Self.score(scored, count: features.count) { Int(features.orders[$0]) }
            default:
                return features.hasAmounts ? Self.score(scored, count: features.count) { Int(features.revenueCents[$0]) }
                    : [UInt8](repeating: 0, count: features.count)
            }
        }
        (recency, frequency, monetary) = (scores[0], scores[1], scores[2])
    }

    /// Scores the customers of `features` against a base scored before (the live service's
    /// customers who changed since the base was analysed): w counts the base's buyers with a
    /// worse value, n is the base's buyer count. A customer of the base scored against it with
    /// unchanged data gets the score the base gave them.
    public init(_ features: CustomerFeatures, against base: Reference) {
        func score(_ sorted: [Int64], _ value: Int64) -> UInt8 {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid] < value { low = mid + 1 } else { high = mid }
            }
            return UInt8(1 + 5 * low / max(sorted.count, 1))
        }
        let n = features.count
        recency = (0..<n).map { features.hasPurchase($0) ? score(base.lastPurchaseDays, features.lastPurchaseDay[$0]) : 0 }
        frequency = (0..<n).map { features.hasPurchase($0) ? score(base.purchases, Int64(features.orders[$0])) : 0 }
        monetary = (0..<n).map { features.hasAmounts && features.hasPurchase($0) ? score(base.revenue, features.revenueCents[$0]) : 0 }
    }

    /// A base's buyers' values, sorted: what ``init(_:against:)`` scores against. Recency is
    /// kept as the last purchase day, which orders buyers as days since it does at any as-of.
    public struct Reference: Sendable {
        var lastPurchaseDays: [Int64]
        var purchases: [Int64]
        var revenue: [Int64]

        public init(_ f: CustomerFeatures) {
            let buyers = (0..<f.count).filter { f.hasPurchase($0) }
            lastPurchaseDays = buyers.map { f.lastPurchaseDay[$0] }.sorted()
            purchases = buyers.map { Int64(f.orders[$0]) }.sorted()
            revenue = buyers.map { f.revenueCents[$0] }.sorted()
        }
    }

    /// Scores by `value` (higher is better) for the customers in `scored`. The score passes k
    /// (1…4) when 5w ≥ kn, that is when w ≥ m = ⌈kn/5⌉, which holds exactly when the value is
    /// above the m-th smallest: four thresholds selected from the values, then one pass.
    package static func score(_ scored: [Int], count: Int, value: (Int) -> Int) -> [UInt8] {
        var scores = [UInt8](repeating: 0, count: count)
        let n = scored.count
        guard n > 0 else { return scores }
        let values = scored.map(value)
        var unordered = values
        let thresholds = (1...4).map { k in OrderStatistic.select(&unordered, rank: (k * n + 4) / 5 - 1) }
        for (i, customer) in scored.enumerated() {
            let v = values[i]
            var score: UInt8 = 1
            for threshold in thresholds where v > threshold { score += 1 }
            scores[customer] = score
        }
        return scores
    }
}
