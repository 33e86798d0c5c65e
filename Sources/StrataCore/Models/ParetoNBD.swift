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
        let (atT, atX) = Row.terms(p, x, tx, T, gradient: false)
        let row = Row(p, x, tx, T, gradient: false, atT: atT, atX: atX)
        return (row.logDT, row.logRatio)
    }

    /// The terms of a customer's bracket that depend on its frequency x and one of its times t
    /// alone: log(α+t), log(β+t), and V(t) with its gradient (0 where not needed).
    private struct TimeTerms {
        var logA = 0.0, logB = 0.0
        var v = 0.0
        var dV = SIMD4<Double>()
    }

    /// One customer's log-likelihood terms, with their gradient by (r, α, s, β) when asked.
    ///
    /// The ratio R = 1 − A + B with A = k V(T), B = k V(tₓ) e^gap, gap = log D(tₓ) − log D(T), is
    /// computed scaled by w = e^−max(gap, 0) so that neither part overflows.
    private struct Row {
        package var logDT = 0.0
        package var logRatio = 0.0
        package var gradient = SIMD4<Double>()

        /// The row's terms at T and at tₓ (``TimeTerms``), V where the bracket reads it.
        package static func terms(_ p: [Double], _ x: Double, _ tx: Double, _ T: Double, gradient: Bool) -> (TimeTerms, TimeTerms) {
            let alpha = p[1], beta = p[3]
            var atT = TimeTerms(logA: log(alpha + T), logB: log(beta + T))
            var atX = TimeTerms(logA: log(alpha + tx), logB: log(beta + tx))
            if readsV(p, tx, T) { ((atT.v, atT.dV), (atX.v, atX.dV)) = v(p, x, T, tx, gradient: gradient) }
            return (atT, atX)
        }

        /// Whether the bracket reads V(T) and V(tₓ): when tₓ < T and the series is not slow.
        package static func readsV(_ p: [Double], _ tx: Double, _ T: Double) -> Bool { tx < T && !seriesIsSlow(p, tx) }

        /// - Parameters: atT, atX: the row's ``TimeTerms`` at T and at tₓ (``terms(_:_:_:_:gradient:)``).
        package init(_ p: borrowing [Double], _ x: Double, _ tx: Double, _ T: Double, gradient wanted: Bool,
                     atT: borrowing TimeTerms, atX: borrowing TimeTerms) {
            let r = p[0], alpha = p[1], s = p[2], beta = p[3]
            let logAT = atT.logA, logBT = atT.logB
            logDT = -(r + x) * logAT - s * logBT
            var dLogDT = SIMD4(-logAT, -(r + x) / (alpha + T), -logBT, -s / (beta + T))
            defer { if wanted { gradient = dLogDT } }
            guard tx < T else { return }
            if Self.seriesIsSlow(p, tx) {
                let (ratioLog, dRatio) = Self.integratedRatio(p, x, tx, T, gradient: wanted)
                logRatio = ratioLog
                if wanted { dLogDT += dRatio }
                return
            }
            let logAx = atX.logA, logBx = atX.logB
            let gap = -(r + x) * (logAx - logAT) - s * (logBx - logBT)
            let k = s / (r + s + x)
            let (vT, dVT, vX, dVX) = (atT.v, atT.dV, atX.v, atX.dV)
            let shift = max(gap, 0)
            let w = exp(-shift)
            let a = k * vT * w
            let b = k * vX * exp(gap - shift)
            let ratio = w - a + b
            logRatio = shift + log(ratio)
            guard wanted else { return }
            let dLogK = SIMD4(-1 / (r + s + x), 0, 1 / s - 1 / (r + s + x), 0)
            let dGap = SIMD4(-(logAx - logAT), -(r + x) * (1 / (alpha + tx) - 1 / (alpha + T)),
                             -(logBx - logBT), -s * (1 / (beta + tx) - 1 / (beta + T)))
            let dA = a * (dLogK + dVT / vT)
            let dB = b * (dLogK + dVX / vX + dGap)
            dLogDT += (dB - dA) / ratio
        }

        /// Whether V's series would need thousands of terms: when one of α and β dwarfs the
        /// other, its argument |α−β|/(max(α, β)+t) is within 1% of 1 and the terms shrink only like
        /// its powers.
        package static func seriesIsSlow(_ p: [Double], _ tx: Double) -> Bool {
            let alpha = p[1], beta = p[3]
            return abs(alpha - beta) / (max(alpha, beta) + tx) > 0.99
        }

        /// log R and its gradient for R = 1 + s·I/D(T), I = ∫ₜₓᵀ (α+y)^−(r+x) (β+y)^−(s+1) dy (the
        /// bracket's integral form), by composite 8-point Gauss–Legendre in u = log(α+y), with
        /// panels narrow enough that the integrand changes by at most about e² across one.
        ///
        /// Far from the boundaries the integrand can span thousands of e-folds over the interval
        /// (parameters a fit passes through on its way): a panel whose midpoint lies more than
        /// e⁵⁰ below the largest midpoint adds less than 10⁻¹⁷ of the integral over all panels,
        /// and is skipped.
        package static func integratedRatio(_ p: [Double], _ x: Double, _ tx: Double, _ T: Double,
                                            gradient wanted: Bool) -> (Double, SIMD4<Double>) {
            let r = p[0], alpha = p[1], s = p[2], beta = p[3]
            let logAT = log(alpha + T), logBT = log(beta + T)
            let u0 = log(alpha + tx), u1 = logAT
            let change = (r + x + 1) * (u1 - u0) + (s + 1) * (T - tx) / (beta + tx)
            let panels = Int(min(4096, max(1, (change / 2).rounded(.up))))
            let width = (u1 - u0) / Double(panels)
            // log of the integrand (over D(T), times dy/du) at u, and log(β+y) there.
            @inline(__always) func logIntegrand(_ u: Double) -> (value: Double, logB: Double) {
                let logB = log(beta + exp(u) - alpha)
                return (-(r + x) * (u - logAT) - s * (logB - logBT) - logB + u, logB)
            }
            func middle(_ panel: Int) -> Double { u0 + (Double(panel) + 0.5) * width }
            var top = -Double.infinity
            for panel in 0..<panels { top = max(top, logIntegrand(middle(panel)).value) }
            var total = 0.0
            var moments = SIMD4<Double>()
            for panel in 0..<panels where logIntegrand(middle(panel)).value > top - 50 {
                for (node, weight) in GaussLegendre.eight {
                    let u = middle(panel) + node * width / 2
                    let (value, logB) = logIntegrand(u)
                    let w = weight * width / 2 * exp(value - top)
                    total += w
                    guard wanted else { continue }
                    let a = exp(u), y = a - alpha
                    let dAlpha: Double = -(r + x) * (1 / a - 1 / (alpha + T))
                    let dBeta: Double = -s * (1 / (beta + y) - 1 / (beta + T)) - 1 / (beta + y)
                    moments += w * SIMD4(-(u - logAT), dAlpha, -(logB - logBT), dBeta)
                }
            }
            // L = log(s·I/D(T)); log R = log(1 + e^L).
            let L = log(s) + top + log(total)
            let logR = L > 0 ? L + log1p(exp(-L)) : log1p(exp(L))
            guard wanted else { return (logR, SIMD4()) }
            let share = 1 / (1 + exp(-L))  // e^L / R
            var gradient = share * moments / total
            gradient[2] += share / s
            return (logR, gradient)
        }

        /// V(t) and its gradient by (r, α, s, β).
        package static func v(_ p: [Double], _ x: Double, _ t: Double, gradient: Bool) -> (Double, SIMD4<Double>) {
            let series = Series(p, x)
            guard gradient else { return series.value(t) }
            return series.withGradient(Hypergeometric.unitSeriesWithDerivatives(b: series.b, c: series.c, z: series.z(t)), t)
        }

        /// V(T) and V(tₓ) with their gradients: with the gradient, both series in one loop (bit
        /// for bit what ``v(_:_:_:gradient:)`` gives for each).
        package static func v(_ p: [Double], _ x: Double, _ T: Double, _ tx: Double, gradient: Bool)
            -> (T: (Double, SIMD4<Double>), tx: (Double, SIMD4<Double>)) {
            let series = Series(p, x)
            guard gradient else { return (series.value(T), series.value(tx)) }
            let (uT, uX) = Hypergeometric.unitSeriesWithDerivatives(b: series.b, c: series.c, z: series.z(T), series.z(tx))
            return (series.withGradient(uT, T), series.withGradient(uX, tx))
        }

        /// V(t) as a series: ₂F₁(1, b; c; z(t)), times (α+t)/(β+t) when α < β.
        private struct Series {
            let alpha: Double, beta: Double
            let b: Double, c: Double

            init(_ p: [Double], _ x: Double) {
                let r = p[0], s = p[2]
                (alpha, beta) = (p[1], p[3])
                c = r + s + x + 1
                b = alpha >= beta ? r + x : s + 1
            }

            func z(_ t: Double) -> Double { alpha >= beta ? (alpha - beta) / (alpha + t) : (beta - alpha) / (beta + t) }

            func value(_ t: Double) -> (Double, SIMD4<Double>) {
                let u = Hypergeometric.unitSeries(b: b, c: c, z: z(t))
                return (alpha >= beta ? u : (alpha + t) / (beta + t) * u, SIMD4())
            }

            func withGradient(_ u: (u: Double, db: Double, dc: Double, dz: Double), _ t: Double) -> (Double, SIMD4<Double>) {
                if alpha >= beta {
                    return (u.u, SIMD4(u.db + u.dc, u.dz * (beta + t) / ((alpha + t) * (alpha + t)), u.dc, -u.dz / (alpha + t)))
                }
                let q = (alpha + t) / (beta + t)
                return (q * u.u, SIMD4(q * u.dc, u.u / (beta + t) - q * u.dz / (beta + t), q * (u.db + u.dc),
                                       -u.u * q / (beta + t) + q * u.dz * (alpha + t) / ((beta + t) * (beta + t))))
            }
        }
    }

    public static func logLikelihood(_ p: [Double], _ data: SummaryGroups, gradient: Bool) -> (value: Double, gradient: [Double]) {
        let r = p[0], alpha = p[1], s = p[2], beta = p[3]
        let xs = data.frequencies.values
        let constant = xs.map { x in Special.logGamma(r + x) - Special.logGamma(r) }
        let psiR = Special.digamma(r)
        let dConstant = gradient ? xs.map { x in Special.digamma(r + x) - psiR } : []
        let (logAlpha, logBeta) = (log(alpha), log(beta))
        let terms = pairTerms(p, data, gradient: gradient)
        let width = gradient ? 5 : 1
        let sums = Parallel.sum(data.count, width: width) { range in
            var total = [Double](repeating: 0, count: width)
            for i in range {
                let k = Int(data.frequencyIndex[i])
                let w = data.weight[i]
                let (x, tx, T) = (data.frequency[i], data.recency[i], data.age[i])
                let row: Row
                if terms.isEmpty {
                    let (atT, atX) = Row.terms(p, x, tx, T, gradient: gradient)
                    row = Row(p, x, tx, T, gradient: gradient, atT: atT, atX: atX)
                } else {
                    row = Row(p, x, tx, T, gradient: gradient, atT: terms[Int(data.agePair[i])], atX: terms[Int(data.recencyPair[i])])
                }
                total[0] += w * (constant[k] + r * logAlpha + s * logBeta + row.logDT + row.logRatio)
                if gradient {
                    total[1] += w * (dConstant[k] + logAlpha + row.gradient[0])
                    total[2] += w * (r / alpha + row.gradient[1])
                    total[3] += w * (logBeta + row.gradient[2])
                    total[4] += w * (s / beta + row.gradient[3])
                }
            }
            return total
        }
        return (sums[0], gradient ? Array(sums[1...]) : [])
    }

    /// The ``TimeTerms`` of each of the data's (x, t) pairs, computed once per pair instead of once
    /// or twice per row (V only where a row's bracket reads it); empty when the data has no pairs.
    private static func pairTerms(_ p: [Double], _ data: SummaryGroups, gradient: Bool) -> [TimeTerms] {
        guard !data.pairTime.isEmpty else { return [] }
        var needed = [Bool](repeating: false, count: data.pairTime.count)
        for i in 0..<data.count where Row.readsV(p, data.recency[i], data.age[i]) {
            needed[Int(data.recencyPair[i])] = true
            needed[Int(data.agePair[i])] = true
        }
        let alpha = p[1], beta = p[3]
        return Parallel.mapEach(needed.count) { k in
            let t = data.pairTime[k]
            var terms = TimeTerms(logA: log(alpha + t), logB: log(beta + t))
            if needed[k] { (terms.v, terms.dV) = Row.v(p, data.pairFrequency[k], t, gradient: gradient) }
            return terms
        }
    }

    /// The alive part of the likelihood, D(T), over the whole bracket.
    public func pAlive(frequency x: Double, recency tx: Double, age T: Double) -> Double {
        exp(-Self.parts(parameters, x, tx, T).logRatio)
    }

    /// E[Y(t) | alive] = (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)], with the limit
    /// at s = 1 handled.
    public func expectedPurchasesIfAlive(_ t: Double, frequency x: Double, age T: Double) -> Double {
        guard t > 0 else { return 0 }
        let r = parameters[0], alpha = parameters[1], s = parameters[2], beta = parameters[3]
        let q = (beta + T) / (beta + T + t)
        return (r + x) * (beta + T) / (alpha + T) * Special.oneMinusPowerOver(q, exponent: s - 1)
    }
}
