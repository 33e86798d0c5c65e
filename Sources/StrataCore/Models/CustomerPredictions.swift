import Foundation

/// What to predict for each customer.
public struct PredictionSettings: Sendable {
    /// Prediction horizon H in the summaries' time unit.
    public var horizon: Double
    /// Discount rate per discounting period; the horizon is split into ``periods`` equal periods
    /// (with a one-year horizon and monthly periods, 0.01 is about 12.7% a year).
    public var discountRate: Double
    public var periods: Int
    /// Below this P(alive) the next purchase time is left empty.
    public var minimumPAlive: Double

    public init(horizon: Double, discountRate: Double = 0.01, periods: Int = 12, minimumPAlive: Double = 0.05) {
        self.horizon = horizon
        self.discountRate = discountRate
        self.periods = periods
        self.minimumPAlive = minimumPAlive
    }
}

/// Per-customer predictions of a fitted purchase model (and spend model, when given).
///
/// - `expectedPurchases`: E[purchases in the next H].
/// - `nextPurchaseIn`: median time to the next purchase if the customer stays active
///   (``PurchaseModel/medianTimeToNextPurchase(frequency:age:)``); NaN when P(alive) is below
///   ``PredictionSettings/minimumPAlive``.
/// - `expectedAverageSpend` (spend model only): Gamma-Gamma expected value per purchase.
/// - `clv` (spend model only): Σᵢ₌₁ⁿ spend · (E[Y(iH/n)] − E[Y((i−1)H/n)]) / (1+d)ⁱ — expected
///   purchases in each of n periods, valued at the expected spend, discounted per period.
public struct CustomerPredictions: Sendable {
    public var pAlive: [Double] = []
    public var expectedPurchases: [Double] = []
    public var nextPurchaseIn: [Double] = []
    public var expectedAverageSpend: [Double] = []
    public var clv: [Double] = []

    public init() {}

    public var count: Int { pAlive.count }

    /// Predicts for every customer of `summaries` (in parallel over ranges of customers).
    /// Customers for which `include` is false get NaN everywhere.
    public init(model: any PurchaseModel, spend: GammaGamma?, summaries s: PurchaseSummaries,
                settings: PredictionSettings, where include: (Int) -> Bool = { _ in true }) {
        let withSpend = spend != nil && s.hasMonetary
        let ranges = Parallel.ranges(s.count, minimumSize: 4096)
        let pieces = Parallel.map(ranges.count) { piece -> CustomerPredictions in
            var out = CustomerPredictions()
            for i in ranges[piece] {
                guard include(i) else {
                    out.append(pAlive: .nan, expected: .nan, next: .nan, spend: withSpend ? .nan : nil, clv: .nan)
                    continue
                }
                let x = s.frequency[i], tx = s.recency[i], T = s.age[i]
                let pAlive = model.pAlive(frequency: x, recency: tx, age: T)
                let expected = model.expectedPurchases(settings.horizon, frequency: x, recency: tx, age: T)
                let next = pAlive >= settings.minimumPAlive ? model.medianTimeToNextPurchase(frequency: x, age: T) : .nan
                var averageSpend: Double?
                var value = Double.nan
                if withSpend, let spend {
                    let amount = spend.expectedAverageSpend(frequency: x, monetary: s.monetary[i])
                    averageSpend = amount
                    value = Self.lifetimeValue(model, spend: amount, x: x, tx: tx, T: T, settings: settings, total: expected)
                }
                out.append(pAlive: pAlive, expected: expected, next: next, spend: averageSpend, clv: value)
            }
            return out
        }
        for piece in pieces {
            pAlive += piece.pAlive
            expectedPurchases += piece.expectedPurchases
            nextPurchaseIn += piece.nextPurchaseIn
            expectedAverageSpend += piece.expectedAverageSpend
            clv += piece.clv
        }
    }

    private mutating func append(pAlive p: Double, expected: Double, next: Double, spend: Double?, clv value: Double) {
        pAlive.append(p)
        expectedPurchases.append(expected)
        nextPurchaseIn.append(next)
        if let spend {
            expectedAverageSpend.append(spend)
            clv.append(value)
        }
    }

    /// Discounted value of the expected purchases period by period; `total` is E[Y(H)].
    static func lifetimeValue(_ model: any PurchaseModel, spend: Double, x: Double, tx: Double, T: Double,
                              settings: PredictionSettings, total: Double) -> Double {
        let n = max(1, settings.periods)
        var previous = 0.0
        var value = 0.0
        for i in 1...n {
            let cumulative = i == n ? total
                : model.expectedPurchases(settings.horizon * Double(i) / Double(n), frequency: x, recency: tx, age: T)
            value += spend * (cumulative - previous) / pow(1 + settings.discountRate, Double(i))
            previous = cumulative
        }
        return value
    }
}
