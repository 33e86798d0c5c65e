import Foundation

/// BG/NBD (Fader, Hardie & Lee 2005): purchases follow a Poisson process with a gamma(r, α) rate
/// across customers; after each purchase a customer drops out with probability p, beta(a, b)
/// across customers.
public struct BetaGeometricNBD: BetaGeometricModel {
    public static let name = "bg-nbd"
    package static let family = BetaGeometricFamily(variant: .standard)
    public let parameters: [Double]
    public init(parameters: [Double]) { self.parameters = parameters }
}

/// MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out
/// right after the first purchase, so one-time buyers can be inactive too.
public struct ModifiedBetaGeometricNBD: BetaGeometricModel {
    public static let name = "mbg-nbd"
    package static let family = BetaGeometricFamily(variant: .modified)
    public let parameters: [Double]
    public init(parameters: [Double]) { self.parameters = parameters }
}

/// The models of the beta-geometric family: their formulas come from ``BetaGeometricFamily``.
package protocol BetaGeometricModel: PurchaseModel {
    static var family: BetaGeometricFamily { get }
}

extension BetaGeometricModel {
    public static var parameterNames: [String] { ["r", "alpha", "a", "b"] }

    public static func logLikelihood(_ p: [Double], _ data: SummaryGroups, gradient: Bool) -> (value: Double, gradient: [Double]) {
        family.logLikelihood(p, data, gradient: gradient)
    }

    public func pAlive(frequency x: Double, recency tx: Double, age T: Double) -> Double {
        Self.family.pAlive(parameters, x, tx, T)
    }

    public func expectedPurchasesIfAlive(_ t: Double, frequency x: Double, age T: Double) -> Double {
        Self.family.expectedPurchasesIfAlive(parameters, t, x, T)
    }

    public func expectedPurchasesIfAlive(at times: [Double], frequency x: Double, age T: Double,
                                         into out: UnsafeMutableBufferPointer<Double>) {
        Self.family.expectedPurchasesIfAlive(parameters, times, x, T, into: out)
    }
}

/// The formulas BG/NBD and MBG/NBD share. They differ only in the dropout opportunity after the
/// first purchase: `shift` = 0 for BG/NBD (dropout after repeat purchases only), 1 for MBG/NBD.
///
/// Likelihood of one customer (FHL 2005 eq. 6; Batislam et al. 2007):
///   L = B(a, b+x+shift)/B(a, b) · Γ(r+x)/Γ(r) · αʳ · [(α+T)^−(r+x) + d · a/(b+x−1+shift) · (α+tₓ)^−(r+x)]
/// with d = 1 when x > 0 (BG/NBD) and always (MBG/NBD).
package struct BetaGeometricFamily: Sendable {
    package enum Variant: Sendable { case standard, modified }
    package let variant: Variant

    private var shift: Double { variant == .standard ? 0 : 1 }
    private func canDropAtLastPurchase(_ x: Double) -> Bool { variant == .modified || x > 0 }

    package func logLikelihood(_ p: [Double], _ data: SummaryGroups, gradient: Bool) -> (value: Double, gradient: [Double]) {
        let r = p[0], alpha = p[1], a = p[2], b = p[3]
        let shift = self.shift
        // Terms of x alone.
        let xs = data.frequencies.values
        var constant = [Double](repeating: 0, count: xs.count)
        var dropLog = [Double](repeating: -Double.infinity, count: xs.count)
        var dR = [Double](repeating: 0, count: xs.count)
        var dA = [Double](repeating: 0, count: xs.count)
        var dB = [Double](repeating: 0, count: xs.count)
        var dropDB = [Double](repeating: 0, count: xs.count)
        let psiR = gradient ? Special.digamma(r) : 0
        let psiAB = gradient ? Special.digamma(a + b) : 0
        let psiB = gradient ? Special.digamma(b) : 0
        for (k, x) in xs.enumerated() {
            let bx = b + x + shift
            constant[k] = Special.logGamma(r + x) - Special.logGamma(r) + Special.logGamma(a + b) + Special.logGamma(bx)
                - Special.logGamma(b) - Special.logGamma(a + bx)
            if canDropAtLastPurchase(x) {
                dropLog[k] = log(a) - log(bx - 1)
                dropDB[k] = -1 / (bx - 1)
            }
            if gradient {
                let psiABX = Special.digamma(a + bx)
                dR[k] = Special.digamma(r + x) - psiR
                dA[k] = psiAB - psiABX
                dB[k] = psiAB + Special.digamma(bx) - psiB - psiABX
            }
        }
        let logAlpha = log(alpha)
        let width = gradient ? 5 : 1
        let sums = Parallel.sum(data.count, width: width) { range in
            var s = [Double](repeating: 0, count: width)
            for i in range {
                let k = Int(data.frequencyIndex[i])
                let x = data.frequency[i], w = data.weight[i]
                let logT = log(alpha + data.age[i])
                let stay = -(r + x) * logT
                var ll = constant[k] + r * logAlpha
                var wDrop = 0.0
                var logTx = 0.0
                if dropLog[k] > -Double.infinity {
                    logTx = log(alpha + data.recency[i])
                    let drop = dropLog[k] - (r + x) * logTx
                    // log(e^stay + e^drop) and the dropped branch's share, from one exp.
                    let e = exp(-abs(stay - drop))
                    ll += max(stay, drop) + log1p(e)
                    wDrop = stay > drop ? e / (1 + e) : 1 / (1 + e)
                } else {
                    ll += stay
                }
                s[0] += w * ll
                if gradient {
                    let wStay = 1 - wDrop
                    s[1] += w * (dR[k] + logAlpha - wStay * logT - wDrop * logTx)
                    s[2] += w * (r / alpha - wStay * (r + x) / (alpha + data.age[i]) - wDrop * (r + x) / (alpha + data.recency[i]))
                    s[3] += w * (dA[k] + wDrop / a)
                    s[4] += w * (dB[k] + wDrop * dropDB[k])
                }
            }
            return s
        }
        return (sums[0], gradient ? Array(sums[1...]) : [])
    }

    /// 1 / (1 + d · a/(b+x−1+shift) · ((α+T)/(α+tₓ))^(r+x)).
    package func pAlive(_ p: [Double], _ x: Double, _ tx: Double, _ T: Double) -> Double {
        guard canDropAtLastPurchase(x) else { return 1 }
        let r = p[0], alpha = p[1], a = p[2], b = p[3]
        let logOdds = log(a) - log(b + x - 1 + shift) + (r + x) * (log(alpha + T) - log(alpha + tx))
        return 1 / (1 + exp(logOdds))
    }

    /// FHL 2005 eq. 10 (Batislam et al. for MBG/NBD), without its P(alive) factor:
    ///   E[Y(t) | alive] = (C/(a−1)) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x+shift; C; z)],
    ///   C = a+b+x−1+shift, z = t/(α+T+t).
    /// Euler's transformation turns the bracket into 1 − (1−z)^(a−1) ₂F₁(C−r−x, a−1; C; z),
    /// whose series terms shrink from the start, and factoring (a−1) out of it removes the
    /// singularity at a = 1.
    package func expectedPurchasesIfAlive(_ p: [Double], _ t: Double, _ x: Double, _ T: Double) -> Double {
        guard t > 0 else { return 0 }
        let r = p[0], alpha = p[1], a = p[2], b = p[3]
        let c = a + b + x - 1 + shift
        let z = t / (alpha + T + t)
        let oneMinusZ = (alpha + T) / (alpha + T + t)
        let e = a - 1
        let power = exp(e * log(oneMinusZ))
        let tail = Hypergeometric.tail(A: c - r - x, e: e, C: c, z: z)
        return c * (Special.oneMinusPowerOver(oneMinusZ, exponent: e) - power * tail)
    }

    /// The same at several horizons, sharing the series coefficients.
    package func expectedPurchasesIfAlive(_ p: [Double], _ times: [Double], _ x: Double, _ T: Double,
                                  into out: UnsafeMutableBufferPointer<Double>) {
        let r = p[0], alpha = p[1], a = p[2], b = p[3]
        let c = a + b + x - 1 + shift
        let e = a - 1
        let zs = times.map { max($0, 0) / (alpha + T + max($0, 0)) }
        Hypergeometric.tails(A: c - r - x, e: e, C: c, zs: zs, into: out)
        let logStart = log(alpha + T)
        for (k, t) in times.enumerated() {
            guard t > 0 else { out[k] = 0; continue }
            // (1 − q^e)/e and q^e from one log and one exp, q = 1 − z.
            let logQ = logStart - log(alpha + T + t)
            let power = exp(e * logQ)
            let ratio = abs(e * logQ) < 1e-3 ? Special.oneMinusPowerOver(exp(logQ), exponent: e) : (1 - power) / e
            out[k] = c * (ratio - power * out[k])
        }
    }
}
