import Foundation

/// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases follow a Poisson process with a
/// gamma(r, α) rate; each customer's lifetime is exponential with a gamma(s, β) dropout rate.
///
/// The likelihood follows Fader & Hardie's note "Deriving the Pareto/NBD model" (2005):
///   L = Γ(r+x)/Γ(r) · αʳ βˢ · [D(T) + s/(r+s+x) · (V(tₓ)D(tₓ) − V(T)D(T))],
///   D(t) = (α+t)^−(r+x) (β+t)^−s,
/// where V(t)·D(t) is their ₂F₁(r+s+x, ·; r+s+x+1; ·)/(·)^(r+s+x) term after Euler's
/// transformation: V(t) = ₂F₁(1, r+x; r+s+x+1; (α−β)/(α+t)) when α ≥ β, and
/// (α+t)/(β+t) · ₂F₁(1, s+1; r+s+x+1; (β−α)/(β+t)) otherwise. Those series have positive terms
/// that shrink from the first, so large x neither overflows nor loses precision.
public struct ParetoNBD: PurchaseModel {
    public static let name = "pareto-nbd"
    public static let parameterNames = ["r", "alpha", "s", "beta"]
    public let parameters: [Double]
    public init(parameters: [Double]) { self.parameters = parameters }

    /// The bracket's two parts in logs: log D(T) and log(k V(tₓ) D(tₓ)/D(T) − k V(T) + 1).
    private static func parts(_ p: [Double], _ x: Double, _ tx: Double, _ T: Double) -> (logDT: Double, logRatio: Double) {
        let r = p[0], alpha = p[1], s = p[2], beta = p[3]
        func logD(_ t: Double) -> Double { -(r + x) * log(alpha + t) - s * log(beta + t) }
        func v(_ t: Double) -> Double {
            if alpha >= beta {
                return Hypergeometric.unitSeries(b: r + x, c: r + s + x + 1, z: (alpha - beta) / (alpha + t))
            }
            return (alpha + t) / (beta + t) * Hypergeometric.unitSeries(b: s + 1, c: r + s + x + 1, z: (beta - alpha) / (beta + t))
        }
        let k = s / (r + s + x)
        let logDT = logD(T)
        guard tx < T else { return (logDT, 0) }
        let gap = logD(tx) - logDT
        let rest = 1 - k * v(T)
        if gap > 30 {
            // D(tₓ)/D(T) is huge (large x or T ≫ tₓ): factor it out before it overflows.
            return (logDT, gap + log(k * v(tx) + rest * exp(-gap)))
        }
        return (logDT, log(rest + k * v(tx) * exp(gap)))
    }

    public static func logLikelihood(_ p: [Double], _ data: SummaryGroups, gradient: Bool) -> (value: Double, gradient: [Double]) {
        guard gradient else { return (value(p, data), []) }
        // Central differences in log-parameter space.
        var g = [Double](repeating: 0, count: 4)
        for j in 0..<4 {
            let h = 1e-5
            var up = p, down = p
            up[j] *= exp(h)
            down[j] *= exp(-h)
            g[j] = (value(up, data) - value(down, data)) / (2 * h) / p[j]
        }
        return (value(p, data), g)
    }

    private static func value(_ p: [Double], _ data: SummaryGroups) -> Double {
        let r = p[0], alpha = p[1], s = p[2], beta = p[3]
        let xs = data.frequencies.values
        let constant = xs.map { x in
            Special.logGamma(r + x) - Special.logGamma(r) + r * log(alpha) + s * log(beta)
        }
        return Parallel.sum(data.count, width: 1) { range in
            var total = 0.0
            for i in range {
                let (logDT, logRatio) = parts(p, data.frequency[i], data.recency[i], data.age[i])
                total += data.weight[i] * (constant[Int(data.frequencyIndex[i])] + logDT + logRatio)
            }
            return [total]
        }[0]
    }

    /// The alive part of the likelihood, D(T), over the whole bracket.
    public func pAlive(frequency x: Double, recency tx: Double, age T: Double) -> Double {
        exp(-Self.parts(parameters, x, tx, T).logRatio)
    }

    /// E[Y(t)] = P(alive) · (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)], with the
    /// limit at s = 1 handled.
    public func expectedPurchases(_ t: Double, frequency x: Double, recency tx: Double, age T: Double) -> Double {
        guard t > 0 else { return 0 }
        let r = parameters[0], alpha = parameters[1], s = parameters[2], beta = parameters[3]
        let q = (beta + T) / (beta + T + t)
        return pAlive(frequency: x, recency: tx, age: T) * (r + x) * (beta + T) / (alpha + T)
            * Special.oneMinusPowerOver(q, exponent: s - 1)
    }
}
