import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Per-customer predictions: spend, lifetime value and the next-purchase time.
@Suite struct PredictionTests {
    static let bg = BetaGeometricNBD(parameters: [0.243, 4.414, 0.793, 2.426])
    static let spend = GammaGamma(parameters: [6.25, 3.74, 15.44])

    /// The expected spend is the posterior mean of p/ν with ν ~ Gamma(q + px, γ + mx): checked
    /// by integrating over ν.
    @Test func expectedSpendIsThePosteriorMean() {
        let (p, q, gamma) = (6.25, 3.74, 15.44)
        for (x, m) in [(1.0, 22.35), (2, 11.77), (6, 57.5), (29, 40)] {
            let integrated = Quadrature.gammaExpectation(shape: q + p * x, rate: gamma + m * x) { nu in p / nu }
            #expect(abs(Self.spend.expectedAverageSpend(frequency: x, monetary: m) - integrated) < 1e-6 * integrated)
        }
        #expect(Self.spend.expectedAverageSpend(frequency: 0, monetary: 0) == p * gamma / (q - 1))
    }

    @Test func lifetimeValueDiscountsExpectedPurchases() {
        let s = PurchaseSummaries(frequency: [2, 0, 7], recency: [30.43, 0, 35], age: [38.86, 38.86, 38.86], monetary: [22.35, 0, 40])
        let undiscounted = CustomerPredictions(model: Self.bg, spend: Self.spend, summaries: s,
                                               settings: PredictionSettings(horizon: 52, discountRate: 0))
        let discounted = CustomerPredictions(model: Self.bg, spend: Self.spend, summaries: s,
                                             settings: PredictionSettings(horizon: 52, discountRate: 0.02))
        for i in 0..<3 {
            let amount = Self.spend.expectedAverageSpend(frequency: s.frequency[i], monetary: s.monetary[i])
            #expect(abs(undiscounted.clv[i] - amount * undiscounted.expectedPurchases[i]) < 1e-9)
            #expect(discounted.clv[i] < undiscounted.clv[i])
            // Every period is discounted by at least 1.02 and at most 1.02¹².
            #expect(discounted.clv[i] < undiscounted.clv[i] / 1.02 && discounted.clv[i] > undiscounted.clv[i] / pow(1.02, 12))
        }
    }

    /// With 30-day periods CLV is computed as the `lifetimes` package does (`customer_lifetime_value`
    /// with freq "D": the purchases of each whole 30-day month up to the horizon, discounted per
    /// month), while the expected purchases still cover the whole horizon.
    @Test func monthlyPeriodsDiscountLikeLifetimes() {
        let s = PurchaseSummaries(frequency: [2, 0, 7], recency: [213, 0, 245], age: [272, 272, 272], monetary: [22.35, 0, 40])
        let model = BetaGeometricNBD(parameters: [0.243, 30.9, 0.793, 2.426])
        let settings = PredictionSettings(horizon: 365, discountRate: 0.01, periodLength: 30)
        #expect(settings.periodEnds == (1...12).map { Double($0 * 30) })
        let p = CustomerPredictions(model: model, spend: Self.spend, summaries: s, settings: settings)
        for i in 0..<3 {
            let (x, tx, T) = (s.frequency[i], s.recency[i], s.age[i])
            let amount = Self.spend.expectedAverageSpend(frequency: x, monetary: s.monetary[i])
            var clv = 0.0
            for month in 1...12 {
                let purchases = model.expectedPurchases(Double(month * 30), frequency: x, recency: tx, age: T)
                    - model.expectedPurchases(Double((month - 1) * 30), frequency: x, recency: tx, age: T)
                clv += amount * purchases / pow(1.01, Double(month))
            }
            #expect(abs(p.clv[i] - clv) < 1e-9 * max(1, clv), "customer \(i): \(p.clv[i]) vs \(clv)")
            #expect(abs(p.expectedPurchases[i] - model.expectedPurchases(365, frequency: x, recency: tx, age: T)) < 1e-12)
        }
    }

    /// The median next-purchase time w solves P(wait ≤ w) = 1/2 for an Exponential(λ) wait with
    /// λ ~ Gamma(r+x, α+T): checked by integrating over λ.
    @Test func nextPurchaseTimeIsTheMedianWait() {
        let (r, alpha) = (0.243, 4.414)
        for (x, T) in [(0.0, 38.86), (2, 38.86), (10, 20)] {
            let w = Self.bg.medianTimeToNextPurchase(frequency: x, age: T)
            let probability = Quadrature.gammaExpectation(shape: r + x, rate: alpha + T) { lambda in -expm1(-lambda * w) }
            #expect(abs(probability - 0.5) < 1e-6, "x=\(x), T=\(T)")
        }
        let s = PurchaseSummaries(frequency: [10], recency: [1], age: [300])
        let predictions = CustomerPredictions(model: Self.bg, spend: nil, summaries: s, settings: PredictionSettings(horizon: 39))
        #expect(predictions.pAlive[0] < 0.05 && predictions.nextPurchaseIn[0].isNaN)
        #expect(predictions.clv.isEmpty)
    }
}
