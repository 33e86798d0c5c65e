import Foundation

/// The Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): each purchase's value
/// is gamma(p, ν) around a customer's mean, and ν is gamma(q, γ) across customers, independent
/// of purchase frequency. Fitted on repeat buyers' average repeat-purchase value m over x purchases.
public struct GammaGamma: Sendable {
    public static let name = "gamma-gamma"
    public static let parameterNames = ["p", "q", "gamma"]
    public let parameters: [Double]
    public init(parameters: [Double]) { self.parameters = parameters }

    package var p: Double { parameters[0] }
    package var q: Double { parameters[1] }
    package var gamma: Double { parameters[2] }

    /// Mean spend per purchase across customers, pγ/(q−1); infinite when q ≤ 1.
    public var populationMeanSpend: Double { q > 1 ? p * gamma / (q - 1) : .infinity }

    /// E[spend | x, m] = (q−1)/(px+q−1) · pγ/(q−1) + px/(px+q−1) · m: the customer's own average
    /// shrunk toward the population mean, less so the more purchases it rests on.
    public func expectedAverageSpend(frequency x: Double, monetary m: Double) -> Double {
        guard x > 0, m > 0 else { return populationMeanSpend }
        return p * (gamma + m * x) / (p * x + q - 1)
    }

    /// Log-likelihood of repeat buyers grouped by (x, m) and its gradient.
    ///   log L = log Γ(px+q) − log Γ(px) − log Γ(q) + q log γ + px log x + (px−1) log m − (px+q) log(γ+mx)
    package static func logLikelihood(_ parameters: [Double], _ data: SpendGroups, gradient: Bool) -> (value: Double, gradient: [Double]) {
        let p = parameters[0], q = parameters[1], gamma = parameters[2]
        let xs = data.frequencies.values
        var constant = [Double](repeating: 0, count: xs.count)
        var dP = [Double](repeating: 0, count: xs.count)
        var dQ = [Double](repeating: 0, count: xs.count)
        let psiQ = gradient ? Special.digamma(q) : 0
        for (k, x) in xs.enumerated() {
            constant[k] = Special.logGamma(p * x + q) - Special.logGamma(p * x) - Special.logGamma(q) + p * x * log(x)
            if gradient {
                let psiSum = Special.digamma(p * x + q)
                dP[k] = x * (psiSum - Special.digamma(p * x) + log(x))
                dQ[k] = psiSum - psiQ
            }
        }
        let logGammaScale = log(gamma)
        let width = gradient ? 4 : 1
        let sums = Parallel.sum(data.count, width: width) { range in
            var s = [Double](repeating: 0, count: width)
            for i in range {
                let k = Int(data.frequencyIndex[i])
                let x = data.frequency[i], w = data.weight[i], logM = data.logMonetary[i]
                let logTotal = log(gamma + data.monetary[i] * x)
                s[0] += w * (constant[k] + q * logGammaScale + (p * x - 1) * logM - (p * x + q) * logTotal)
                if gradient {
                    s[1] += w * (dP[k] + x * logM - x * logTotal)
                    s[2] += w * (dQ[k] + logGammaScale - logTotal)
                    s[3] += w * (q / gamma - (p * x + q) / (gamma + data.monetary[i] * x))
                }
            }
            return s
        }
        return (sums[0], gradient ? Array(sums[1...]) : [])
    }
}

/// Repeat buyers' (x, m) pairs, identical pairs merged with a weight.
package struct SpendGroups: Sendable {
    package var frequency: [Double] = []
    package var monetary: [Double] = []
    package var logMonetary: [Double] = []
    package var weight: [Double] = []
    package var frequencyIndex: [Int32] = []
    package var frequencies = DistinctValues()
    package var customers = 0.0

    /// Takes every customer with x > 0 that `include` selects (their spends are checked > 0 by
    /// the caller).
    package init(_ s: PurchaseSummaries, where include: (Int) -> Bool = { _ in true }) {
        let rows = RowMerger.rows(s.count, where: { s.frequency[$0] > 0 && include($0) }) { i in
            (s.frequency[i].bitPattern, s.monetary[i].bitPattern, 0)
        }
        weight = rows.weight
        customers = rows.customers
        for i in rows.first {
            frequency.append(s.frequency[i])
            monetary.append(s.monetary[i])
            logMonetary.append(log(s.monetary[i]))
            frequencyIndex.append(frequencies.index(of: s.frequency[i]))
        }
    }

    package var count: Int { frequency.count }
}
