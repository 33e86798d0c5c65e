import Foundation

/// Special functions the lifetime models need, in double precision.
package enum Special {
    /// log Γ(x) for x > 0.
    @inline(__always)
    package static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// The digamma function ψ(x) = d/dx log Γ(x) for x > 0: recurrence up to x ≥ 8, then the
    /// asymptotic series to the x⁻¹⁴ term (truncation error below 2e-15 there).
    package static func digamma(_ x: Double) -> Double {
        var x = x
        var shift = 0.0
        while x < 8 {
            shift -= 1 / x
            x += 1
        }
        let inv = 1 / x
        let inv2 = inv * inv
        let series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 * (1.0 / 12)))))))
        return shift + log(x) - 0.5 * inv - series
    }

    /// (1 − qᵉ) / e for q in (0, 1]: the limit −log q when e → 0, without cancellation.
    @inline(__always)
    package static func oneMinusPowerOver(_ q: Double, exponent e: Double) -> Double {
        let logQ = log(q)
        if abs(e * logQ) < 1e-10 { return -logQ * (1 + 0.5 * e * logQ) }
        return -expm1(e * logQ) / e
    }
}
