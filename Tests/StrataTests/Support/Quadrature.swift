import Foundation

/// Numerical integration for independent checks of closed-form model results.
enum Quadrature {
    private static let nodes: [Double] = [-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640]
    private static let weights: [Double] = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891]

    /// ∫ₐᵇ f by composite 5-point Gauss-Legendre on `pieces` equal intervals (endpoints never evaluated).
    static func integrate(_ a: Double, _ b: Double, pieces: Int = 4_000, _ f: (Double) -> Double) -> Double {
        let width = (b - a) / Double(pieces)
        var total = 0.0
        for k in 0..<pieces {
            let mid = a + (Double(k) + 0.5) * width
            for (node, weight) in zip(nodes, weights) { total += weight * f(mid + node * width / 2) }
        }
        return total * width / 2
    }

    /// ∫₀¹ g(p) · Beta(p; a, b) dp, with p = u^(1/a) to remove the density's singularity at 0.
    static func betaExpectation(a: Double, b: Double, _ g: (Double) -> Double) -> Double {
        let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
        return integrate(0, 1) { u in
            let p = pow(u, 1 / a)
            return g(p) * exp((b - 1) * log1p(-p) - logBeta) / a
        }
    }

    /// ∫₀^∞ g(μ) · Gamma(μ; shape, rate) dμ; for shape < 1 with μ = v^(1/shape) to remove the
    /// density's singularity at 0. The tail beyond the mean plus 40 standard deviations is dropped.
    static func gammaExpectation(shape: Double, rate: Double, _ g: (Double) -> Double) -> Double {
        let upper = (shape + 40 * shape.squareRoot() + 40) / rate
        let logNorm = shape * log(rate) - lgamma(shape)
        if shape < 1 {
            return integrate(0, pow(upper, shape), pieces: 20_000) { v in
                let mu = pow(v, 1 / shape)
                return g(mu) * exp(logNorm - rate * mu) / shape
            }
        }
        return integrate(0, upper, pieces: 20_000) { mu in g(mu) * exp(logNorm + (shape - 1) * log(mu) - rate * mu) }
    }
}
