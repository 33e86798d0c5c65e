import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Degenerate and extreme inputs: a clear error or a finite, correct limit — never NaN or a crash.
@Suite struct EdgeCaseTests {
    static let models: [any PurchaseModel] = [
        BetaGeometricNBD(parameters: [0.243, 4.414, 0.793, 2.426]),
        ModifiedBetaGeometricNBD(parameters: [0.525, 6.183, 0.891, 1.614]),
        ParetoNBD(parameters: [0.553, 10.58, 0.606, 11.67]),
    ]

    func summaries(_ rows: [(Double, Double, Double)]) -> PurchaseSummaries {
        PurchaseSummaries(ids: rows.indices.map { "c\($0 + 1)" }, frequency: rows.map(\.0), recency: rows.map(\.1), age: rows.map(\.2))
    }

    /// Customers who all buy at one steady rate (406 orders of 90 customers over six months)
    /// put Pareto/NBD's maximum at its Poisson limit, r and α growing together without end. The
    /// fit follows that ridge for a bounded number of steps and says it did not converge (it
    /// used to run for minutes, each step integrating over thousands of panels).
    @Test func aSteadyPurchaseRateStopsTheParetoFitOnItsRidge() throws {
        let data = try load(InputPaths(orders: "\(fixtures)/models/steady-rate-orders.csv"))
        let s = Segmentation(data, settings: FeatureSettings(asOf: try #require(data.latestTimestamp)))
        let (summaries, _) = PurchaseSummaries.buyers(of: s.features, timeUnitDays: 1)
        let (_, fit) = try ModelFitter.fit(.paretoNBD, summaries)
        #expect(!fit.converged)
        #expect(fit.parameters[0] > 1e6 && fit.parameters[1] > 1e6, "r and α: \(fit.parameters)")
        #expect(fit.logLikelihood.isFinite)
    }

    @Test func allOneTimeBuyersCannotBeFitted() {
        for kind in PurchaseModelKind.allCases {
            #expect(throws: ModelError.noRepeatBuyers(customers: 3)) {
                try ModelFitter.fit(kind, summaries([(0, 0, 10), (0, 0, 20), (0, 0, 30)]))
            }
        }
        #expect(throws: ModelError.noCustomers) { try ModelFitter.fit(.bgNBD, summaries([])) }
    }

    @Test func invalidSummariesNameTheCustomer() {
        let cases: [((Double, Double, Double), ModelError)] = [
            ((2, 12, 10), .invalidSummary(customer: "c2", field: "recency", value: 12, rule: "recency ≤ T (10.0)")),
            ((-1, 0, 10), .invalidSummary(customer: "c2", field: "frequency", value: -1, rule: "a whole number of repeat purchases ≥ 0")),
            ((1.5, 2, 10), .invalidSummary(customer: "c2", field: "frequency", value: 1.5, rule: "a whole number of repeat purchases ≥ 0")),
            ((1, -2, 10), .invalidSummary(customer: "c2", field: "recency", value: -2, rule: "a time ≥ 0")),
            ((0, 3, 10), .invalidSummary(customer: "c2", field: "recency", value: 3, rule: "0 when frequency is 0")),
            ((1, 2, -.infinity), .invalidSummary(customer: "c2", field: "T", value: -.infinity, rule: "a time ≥ 0")),
        ]
        for (bad, error) in cases {
            #expect(throws: error) { try ModelFitter.fit(.paretoNBD, summaries([(1, 5, 10), bad])) }
        }
        #expect(ModelError.invalidSummary(customer: "c2", field: "recency", value: 12, rule: "recency ≤ T (10.0)").description
            == "customer c2: recency = 12.0: expected recency ≤ T (10.0)")
    }

    @Test func gammaGammaRejectsNonPositiveSpendOfARepeatBuyer() {
        var s = summaries([(2, 5, 10), (0, 0, 10), (1, 3, 10)])
        s.monetary = [20, 0, 0]
        #expect(throws: ModelError.nonPositiveSpend(customer: "c3", value: 0)) { try ModelFitter.fitSpend(s) }
        s.monetary = []
        #expect(throws: ModelError.missingMonetary) { try ModelFitter.fitSpend(s) }
    }

    @Test func aOneTimeBuyerIsAliveUnderBGNBDAndLessSoUnderTheOthers() {
        let bg = Self.models[0], mbg = Self.models[1], pareto = Self.models[2]
        #expect(bg.pAlive(frequency: 0, recency: 0, age: 50) == 1)
        let mbgAlive = mbg.pAlive(frequency: 0, recency: 0, age: 50)
        #expect(mbgAlive > 0 && mbgAlive < 1)
        // Pareto/NBD: the longer the silence, the lower P(alive), towards 0.
        let ages = [1.0, 10, 100, 1_000, 1e6]
        let alive = ages.map { pareto.pAlive(frequency: 0, recency: 0, age: $0) }
        #expect(zip(alive, alive.dropFirst()).allSatisfy { $0 > $1 })
        #expect(alive.last! < 0.05 && alive.last! >= 0)
    }

    @Test func hugeFrequenciesGiveFiniteLimits() {
        let x = 10_000.0
        for model in Self.models {
            let name = type(of: model).name
            // Bought 10⁴ times up to the end: surely alive, buying at the posterior rate (r+x)/(α+T).
            let alive = model.pAlive(frequency: x, recency: 100, age: 100)
            #expect(alive > 0.99 && alive <= 1, "\(name)")
            let expected = model.expectedPurchases(1, frequency: x, recency: 100, age: 100)
            let rate = (model.parameters[0] + x) / (model.parameters[1] + 100)
            #expect(abs(expected / rate - 1) < 0.01, "\(name): \(expected) vs \(rate)")
            // Bought 10⁴ times, then silent for a long time: surely gone.
            let gone = model.pAlive(frequency: x, recency: 100, age: 1_000)
            #expect(gone >= 0 && gone < 1e-10, "\(name)")
            #expect(model.expectedPurchases(39, frequency: x, recency: 100, age: 1_000).isFinite, "\(name)")
            let data = SummaryGroups(summaries([(x, 100, 1_000), (x, 100, 100)]))
            let (ll, g) = type(of: model).logLikelihood(model.parameters, data, gradient: true)
            #expect(ll.isFinite && g.allSatisfy(\.isFinite), "\(name)")
        }
    }

    @Test func tinyAndHugeAgesStayFinite() {
        for model in Self.models {
            for (x, tx, T) in [(0.0, 0.0, 0.0), (0, 0, 1e-9), (0, 0, 1e7), (3, 1e-9, 1e-8), (5, 1e6, 1e7)] {
                let alive = model.pAlive(frequency: x, recency: tx, age: T)
                let expected = model.expectedPurchases(39, frequency: x, recency: tx, age: T)
                #expect(alive >= 0 && alive <= 1, "\(type(of: model).name) at \(x), \(tx), \(T)")
                #expect(expected.isFinite && expected >= 0, "\(type(of: model).name) at \(x), \(tx), \(T)")
                #expect(model.medianTimeToNextPurchase(frequency: x, age: T).isFinite)
            }
            #expect(model.expectedPurchases(0, frequency: 2, recency: 5, age: 10) == 0)
        }
    }

    /// At a = 1 (BG/NBD) and s = 1 (Pareto/NBD) the textbook formulas divide by zero; the limits
    /// are continuous with their neighbours.
    @Test func unitShapeLimitsAreContinuous() {
        for (make, j) in [({ BetaGeometricNBD(parameters: $0) } as ([Double]) -> any PurchaseModel, 2),
                          ({ ParetoNBD(parameters: $0) }, 2)] {
            var p = [0.5, 5, 1, 2]
            let at = make(p).expectedPurchases(20, frequency: 2, recency: 10, age: 30)
            p[j] = 1 + 1e-7
            let near = make(p).expectedPurchases(20, frequency: 2, recency: 10, age: 30)
            #expect(at.isFinite && abs(at - near) < 1e-6)
        }
    }
}
