import Foundation

/// Gaussian hypergeometric series in the forms the lifetime models use, each arranged so that
/// its terms shrink from the first one on (no overflow for large frequencies).
enum Hypergeometric {
    /// The largest number of series terms; the terms fall at least geometrically with ratio `z`,
    /// so this bound only matters for `z` within 1e-4 of 1.
    static let maximumTerms = 200_000

    /// ₂F₁(1, b; c; z) = Σₙ (b)ₙ / (c)ₙ zⁿ for 0 ≤ b < c and 0 ≤ z < 1.
    static func unitSeries(b: Double, c: Double, z: Double) -> Double {
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        for _ in 0..<maximumTerms {
            term *= (b + n) / (c + n) * z
            sum += term
            if term < sum * 1e-17 { break }
            n += 1
        }
        return sum
    }

    /// G = (₂F₁(A, e; C; z) − 1) / e for e ≠ 0, with its limit as e → 0:
    /// Σₙ≥₁ (A)ₙ (e + 1)ₙ₋₁ / ((C)ₙ n!) zⁿ. Requires C > 0, C > A − 1 and 0 ≤ z < 1.
    static func tail(A: Double, e: Double, C: Double, z: Double) -> Double {
        var term = A / C * z
        var sum = term
        var n = 1.0
        for _ in 0..<maximumTerms {
            term *= (A + n) * (e + n) / ((C + n) * (n + 1)) * z
            sum += term
            if abs(term) <= abs(sum) * 1e-17 { break }
            n += 1
        }
        return sum
    }
}
