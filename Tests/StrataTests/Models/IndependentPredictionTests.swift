import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Per-customer P(alive), expected purchases and likelihoods checked against independent
/// numerical integration over the latent purchase and dropout rates — no hypergeometric series,
/// no shared algebra with the model code — for every distinct CDNOW customer history.
@Suite struct IndependentPredictionTests {
    static let summary = PublishedEstimatesTests.summary
    static let bg = BetaGeometricNBD(parameters: [0.243, 4.414, 0.793, 2.426])
    static let mbg = ModifiedBetaGeometricNBD(parameters: [0.525, 6.183, 0.891, 1.614])
    static let pareto = ParetoNBD(parameters: [0.553, 10.58, 0.606, 11.67])

    /// A spread of CDNOW histories: every distinct frequency with its longest and shortest recency.
    static let histories: [(x: Double, tx: Double, T: Double)] = {
        var picked: [Double: [(Double, Double, Double)]] = [:]
        for i in 0..<summary.count { picked[summary.frequency[i], default: []].append((summary.frequency[i], summary.recency[i], summary.age[i])) }
        return picked.values.flatMap { rows in [rows.min { $0.1 < $1.1 }!, rows.max { $0.1 < $1.1 }!] }
    }()

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-7) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    /// Given alive, BG/NBD (and MBG/NBD) rates are λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x+shift),
    /// and E[Y(t) | λ, p] = (1 − e^(−λpt))/p; integrating λ out leaves a 1-D integral over p.
    func betaGeometricExpectation(_ p: [Double], shift: Double, t: Double, x: Double, T: Double) -> Double {
        let (r, alpha, a, b) = (p[0], p[1], p[2], p[3])
        return Quadrature.betaExpectation(a: a, b: b + x + shift) { q in
            (1 - pow((alpha + T) / (alpha + T + q * t), r + x)) / q
        }
    }

    /// P(alive) from the likelihood's alive and dropped parts, with p integrated numerically.
    func betaGeometricPAlive(_ p: [Double], shift: Double, x: Double, tx: Double, T: Double) -> Double {
        let (r, alpha, a, b) = (p[0], p[1], p[2], p[3])
        let alive = Quadrature.betaExpectation(a: a, b: b) { q in pow(1 - q, x + shift) } * pow(alpha + T, -(r + x))
        guard x > 0 || shift > 0 else { return 1 }
        let dropped = Quadrature.betaExpectation(a: a, b: b) { q in q * pow(1 - q, x - 1 + shift) } * pow(alpha + tx, -(r + x))
        return alive / (alive + dropped)
    }

    @Test func bgNBDAgreesWithIntegration() {
        let model = Self.bg
        for (x, tx, T) in Self.histories {
            let pAlive = betaGeometricPAlive(model.parameters, shift: 0, x: x, tx: tx, T: T)
            #expect(close(model.pAlive(frequency: x, recency: tx, age: T), pAlive), "P(alive) at x=\(x) tx=\(tx) T=\(T)")
            for t in [1.0, 39, 150] {
                let expected = pAlive * betaGeometricExpectation(model.parameters, shift: 0, t: t, x: x, T: T)
                #expect(close(model.expectedPurchases(t, frequency: x, recency: tx, age: T), expected, 1e-6),
                        "E[Y(\(t))] at x=\(x) tx=\(tx) T=\(T)")
            }
        }
    }

    @Test func mbgNBDAgreesWithIntegration() {
        let model = Self.mbg
        for (x, tx, T) in Self.histories {
            let pAlive = betaGeometricPAlive(model.parameters, shift: 1, x: x, tx: tx, T: T)
            #expect(close(model.pAlive(frequency: x, recency: tx, age: T), pAlive), "P(alive) at x=\(x) tx=\(tx) T=\(T)")
            let expected = pAlive * betaGeometricExpectation(model.parameters, shift: 1, t: 39, x: x, T: T)
            #expect(close(model.expectedPurchases(39, frequency: x, recency: tx, age: T), expected, 1e-6))
        }
    }

    /// Pareto/NBD: dying at τ in (tₓ, T] contributes λˣ e^(−λτ) μ e^(−μτ); integrating the rates
    /// out leaves s ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ next to the alive part (α+T)^−(r+x) (β+T)^−s.
    @Test func paretoNBDAgreesWithIntegration() {
        let model = Self.pareto
        let (r, alpha, s, beta) = (0.553, 10.58, 0.606, 11.67)
        for (x, tx, T) in Self.histories {
            let alive = pow(alpha + T, -(r + x)) * pow(beta + T, -s)
            let dropped = s * Quadrature.integrate(tx, T, pieces: 400) { tau in pow(alpha + tau, -(r + x)) * pow(beta + tau, -(s + 1)) }
            let pAlive = alive / (alive + dropped)
            #expect(close(model.pAlive(frequency: x, recency: tx, age: T), pAlive, 1e-9), "P(alive) at x=\(x) tx=\(tx) T=\(T)")

            let logL = lgamma(r + x) - lgamma(r) + r * log(alpha) + s * log(beta) + log(alive + dropped)
            let one = SummaryGroups(PurchaseSummaries(frequency: [x], recency: [tx], age: [T]))
            #expect(close(ParetoNBD.logLikelihood(model.parameters, one, gradient: false).value, logL, 1e-10))

            // Given alive: λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T); E[Y(t) | λ, μ] = λ/μ (1 − e^(−μt)).
            let t = 39.0
            let expected = pAlive * (r + x) / (alpha + T)
                * Quadrature.gammaExpectation(shape: s, rate: beta + T) { mu in -expm1(-mu * t) / mu }
            #expect(close(model.expectedPurchases(t, frequency: x, recency: tx, age: T), expected, 1e-6))
        }
    }

    /// When β ≫ α the likelihood's series converges too slowly and its integral form is used
    /// instead: the same values as direct integration, and a gradient that matches finite
    /// differences, at a fitted point of that kind (a nearly common dropout rate) and a milder one.
    @Test func paretoNBDWithADominantBetaAgreesWithIntegration() {
        for p in [[1.899, 66.41, 3880, 1_535_014], [0.8, 5, 2, 900]] {
            let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3])
            for (x, tx, T) in Self.histories where tx < T {
                let one = SummaryGroups(PurchaseSummaries(frequency: [x], recency: [tx], age: [T]))
                // Relative to D(T) so nothing underflows: 1 + s ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ / D(T).
                let integral = s * Quadrature.integrate(tx, T, pieces: 400) { tau in
                    exp(-(r + x) * log((alpha + tau) / (alpha + T)) - s * log((beta + tau) / (beta + T))) / (beta + tau)
                }
                let logL = lgamma(r + x) - lgamma(r) + r * log(alpha) + s * log(beta)
                    - (r + x) * log(alpha + T) - s * log(beta + T) + log1p(integral)
                let (value, gradient) = ParetoNBD.logLikelihood(p, one, gradient: true)
                #expect(close(value, logL, 1e-9), "x=\(x) tx=\(tx) T=\(T): \(value) vs \(logL)")
                for j in 0..<4 {
                    var up = p, down = p
                    let h = 1e-6 * p[j]
                    up[j] += h
                    down[j] -= h
                    let numeric = (ParetoNBD.logLikelihood(up, one, gradient: false).value - ParetoNBD.logLikelihood(down, one, gradient: false).value) / (2 * h)
                    #expect(abs(gradient[j] - numeric) <= 1e-5 * max(1, abs(numeric)), "∂\(ParetoNBD.parameterNames[j]) at x=\(x): \(gradient[j]) vs \(numeric)")
                }
            }
        }
    }

    /// The BG/NBD likelihood of each history against the same quantity integrated over p.
    @Test func bgNBDLikelihoodAgreesWithIntegration() {
        let (r, alpha, a, b) = (0.243, 4.414, 0.793, 2.426)
        for (x, tx, T) in Self.histories {
            let gammaPart = lgamma(r + x) - lgamma(r) + r * log(alpha)
            var likelihood = Quadrature.betaExpectation(a: a, b: b) { q in pow(1 - q, x) } * pow(alpha + T, -(r + x))
            if x > 0 {
                likelihood += Quadrature.betaExpectation(a: a, b: b) { q in q * pow(1 - q, x - 1) } * pow(alpha + tx, -(r + x))
            }
            let one = SummaryGroups(PurchaseSummaries(frequency: [x], recency: [tx], age: [T]))
            let value = BetaGeometricNBD.logLikelihood([r, alpha, a, b], one, gradient: false).value
            #expect(close(value, gammaPart + log(likelihood), 1e-9), "log L at x=\(x) tx=\(tx) T=\(T)")
        }
    }

    /// Analytic gradients agree with central differences of the log-likelihood.
    @Test func analyticGradientsMatchFiniteDifferences() throws {
        let data = SummaryGroups(Self.summary)
        for (type, p) in [(BetaGeometricNBD.self as any PurchaseModel.Type, Self.bg.parameters),
                          (ModifiedBetaGeometricNBD.self, Self.mbg.parameters),
                          (ParetoNBD.self, Self.pareto.parameters),
                          (ParetoNBD.self, [0.553, 14.0, 0.606, 11.67])] { // both branches: α < β and α ≥ β
            expectGradient(type.name, names: type.parameterNames, at: p) { type.logLikelihood($0, data, gradient: $1) }
        }
        let spend = SpendGroups(PublishedEstimatesTests.withSpend)
        expectGradient(GammaGamma.name, names: GammaGamma.parameterNames, at: [6.25, 3.74, 15.44]) {
            GammaGamma.logLikelihood($0, spend, gradient: $1)
        }
    }

    func expectGradient(_ model: String, names: [String], at p: [Double],
                        _ logLikelihood: ([Double], Bool) -> (value: Double, gradient: [Double])) {
        let g = logLikelihood(p, true).gradient
        for j in p.indices {
            var up = p, down = p
            let h = 1e-6 * p[j]
            up[j] += h
            down[j] -= h
            let numeric = (logLikelihood(up, false).value - logLikelihood(down, false).value) / (2 * h)
            #expect(abs(g[j] - numeric) < 1e-4 * max(1, abs(numeric)), "\(model) ∂/∂\(names[j])")
        }
    }
}
