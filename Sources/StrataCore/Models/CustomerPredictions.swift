import Foundation

/// What to predict for each customer.
public struct PredictionSettings: Sendable {
    /// Prediction horizon H in the summaries' time unit.
    public var horizon: Double
    /// Discount rate per discounting period (with monthly periods, 0.01 is about 12.7% a year).
    public var discountRate: Double
    /// The horizon split into this many equal periods, unless ``periodLength`` is set.
    public var periods: Int
    /// Periods of this length instead (30 days: months as `lifetimes` counts them): as many whole
    /// periods as fit in the horizon; one period of the horizon when none fits.
    public var periodLength: Double?
    /// Below this P(alive) the next purchase time is left empty.
    public var minimumPAlive: Double

    public init(horizon: Double, discountRate: Double = 0.01, periods: Int = 12, periodLength: Double? = nil, minimumPAlive: Double = 0.05) {
        self.horizon = horizon
        self.discountRate = discountRate
        self.periods = periods
        self.periodLength = periodLength
        self.minimumPAlive = minimumPAlive
    }

    /// The end of each discounting period, in the horizon's unit.
    public var periodEnds: [Double] {
        if let length = periodLength, length > 0 {
            let count = Int((horizon / length).rounded(.down))
            return count == 0 ? [horizon] : (1...count).map { Double($0) * length }
        }
        let count = max(1, periods)
        return (1...count).map { horizon * Double($0) / Double(count) }
    }
}

/// Per-customer predictions of a fitted purchase model (and spend model, when given).
///
/// - `expectedPurchases`: E[purchases in the next H].
/// - `nextPurchaseIn`: median time to the next purchase if the customer stays active
///   (``PurchaseModel/medianTimeToNextPurchase(frequency:age:)``); NaN when P(alive) is below
///   ``PredictionSettings/minimumPAlive``.
/// - `expectedAverageSpend` (spend model only): Gamma-Gamma expected value per purchase.
/// - `clv` (spend model only): Σᵢ₌₁ⁿ spend · (E[Y(tᵢ)] − E[Y(tᵢ₋₁)]) / (1+d)ⁱ — expected
///   purchases in each of n periods ending at tᵢ (``PredictionSettings/periodEnds``: twelfths of
///   the horizon H, or 30-day months as `lifetimes` counts them), valued at the expected spend,
///   discounted per period.
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
        // Expected purchases if alive at the end of each discounting period (the last one is the
        // horizon); they depend on (x, T) only, so customers sharing them share the work.
        let times = withSpend ? settings.periodEnds : [settings.horizon]
        let periods = times.count
        let discount = (1...periods).map { pow(1 + settings.discountRate, -Double($0)) }
        let ranges = Parallel.ranges(s.count, minimumSize: 4096)
        let (r, alpha) = (model.r, model.alpha)
        let pieces = Parallel.map(ranges.count) { piece -> CustomerPredictions in
            var out = CustomerPredictions()
            var cache = CurveCache(width: periods, customers: ranges[piece].count)
            for i in ranges[piece] {
                guard include(i) else {
                    out.append(pAlive: .nan, expected: .nan, next: .nan, spend: withSpend ? .nan : nil, clv: .nan)
                    continue
                }
                let x = s.frequency[i], tx = s.recency[i], T = s.age[i]
                let pAlive = model.pAlive(frequency: x, recency: tx, age: T)
                let (base, cached) = cache.slot(x, T)
                if !cached {
                    cache.values.withUnsafeMutableBufferPointer { values in
                        model.expectedPurchasesIfAlive(at: times, frequency: x, age: T,
                                                       into: UnsafeMutableBufferPointer(rebasing: values[base..<(base + periods)]))
                    }
                }
                let expected = pAlive * (times[periods - 1] == settings.horizon ? cache.values[base + periods - 1]
                    : model.expectedPurchasesIfAlive(settings.horizon, frequency: x, age: T))
                let next = pAlive >= settings.minimumPAlive ? medianWaitToNextPurchase(r: r, alpha: alpha, frequency: x, age: T) : .nan
                var averageSpend: Double?
                var value = Double.nan
                if withSpend, let spend {
                    let amount = spend.expectedAverageSpend(frequency: x, monetary: s.monetary[i])
                    averageSpend = amount
                    var discounted = 0.0, previous = 0.0
                    for k in 0..<periods {
                        discounted += (cache.values[base + k] - previous) * discount[k]
                        previous = cache.values[base + k]
                    }
                    value = amount * pAlive * discounted
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
}

/// A direct-mapped cache of per-(x, T) curves: a customer whose (x, T) was seen recently reuses
/// its curve; a collision simply recomputes. Exact either way.
private struct CurveCache {
    private let slots: Int
    private let width: Int
    private var keys: [UInt64]
    package var values: [Double]

    /// Up to 65,536 curves, fewer for fewer customers.
    package init(width: Int, customers: Int) {
        var slots = 16
        while slots < min(customers, 1 << 16) { slots <<= 1 }
        self.slots = slots
        self.width = width
        keys = [UInt64](repeating: UInt64.max, count: slots * 2)
        values = [Double](repeating: 0, count: slots * width)
    }

    /// Where the curve of (x, T) starts in ``values``, and whether it is already there; when not,
    /// the slot now belongs to (x, T) and the caller fills it.
    package mutating func slot(_ x: Double, _ T: Double) -> (base: Int, cached: Bool) {
        let a = x.bitPattern, b = T.bitPattern
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ b
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: h >> 40) & (slots - 1)
        if keys[slot * 2] == a, keys[slot * 2 + 1] == b { return (slot * width, true) }
        keys[slot * 2] = a
        keys[slot * 2 + 1] = b
        return (slot * width, false)
    }
}
