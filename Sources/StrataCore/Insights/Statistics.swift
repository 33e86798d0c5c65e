import Foundation

/// Tests and corrections for segment profiles.
package enum Statistics {
    /// Two-sided p-value of Welch's t-test for the means of two samples given by their moments.
    package static func welch(mean1: Double, variance1: Double, n1: Double, mean2: Double, variance2: Double, n2: Double) -> (t: Double, p: Double) {
        guard n1 > 1, n2 > 1 else { return (0, 1) }
        let a = variance1 / n1, b = variance2 / n2
        guard a + b > 0 else { return (0, mean1 == mean2 ? 1 : 0) }
        let t = (mean1 - mean2) / (a + b).squareRoot()
        let df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1))
        return (t, studentTwoSided(abs(t), df: df))
    }

    /// P(|T| ≥ t) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
    package static func studentTwoSided(_ t: Double, df: Double) -> Double {
        guard t.isFinite else { return 0 }
        return incompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    }

    /// P(χ²₁ ≥ x) = erfc(√(x/2)).
    package static func chiSquareOneDF(_ x: Double) -> Double { erfc((max(x, 0) / 2).squareRoot()) }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the input order.
    package static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = Double(p.count)
        let order = p.indices.sorted { p[$0] > p[$1] }
        var q = [Double](repeating: 1, count: p.count)
        var running = 1.0
        for (rankFromTop, i) in order.enumerated() {
            let rank = m - Double(rankFromTop)
            running = min(running, p[i] * m / rank)
            q[i] = min(1, running)
        }
        return q
    }

    /// The regularised incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes).
    package static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
