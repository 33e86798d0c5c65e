import Foundation

/// Gaussian hypergeometric series in the forms the lifetime models use, each arranged so that
/// its terms shrink from the first one on (no overflow for large frequencies).
package enum Hypergeometric {
    /// The largest number of series terms; the terms fall at least geometrically with ratio `z`,
    /// so this bound only matters for `z` within 1e-4 of 1.
    package static let maximumTerms = 200_000

    /// ₂F₁(1, b; c; z) = Σₙ (b)ₙ / (c)ₙ zⁿ for 0 ≤ b < c and 0 ≤ z < 1.
    package static func unitSeries(b: Double, c: Double, z: Double) -> Double {
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
    package static func tail(A: Double, e: Double, C: Double, z: Double) -> Double {
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

extension Hypergeometric {
    /// ``tail(A:e:C:z:)`` at several z at once (each < 1): the coefficients are shared, so each
    /// further z costs one multiply-add per term. Writes G(zₖ) to `out[k]`.
    package static func tails(A: Double, e: Double, C: Double, zs: [Double], into out: UnsafeMutableBufferPointer<Double>) {
        let count = zs.count
        guard let largest = zs.max(), largest > 0 else {
            for k in 0..<count { out[k] = 0 }
            return
        }
        if count == 1 {
            out[0] = tail(A: A, e: e, C: C, z: zs[0])
            return
        }
        // The series at the largest z converges last (relative to its sum, the others' terms are
        // smaller), so it alone decides when to stop.
        let slowest = zs.firstIndex(of: largest)!
        var coefficient = A / C
        var powers = zs
        for k in 0..<count { out[k] = coefficient * powers[k] }
        var n = 1.0
        for _ in 0..<maximumTerms {
            coefficient *= (A + n) * (e + n) / ((C + n) * (n + 1))
            for k in 0..<count {
                powers[k] *= zs[k]
                out[k] += coefficient * powers[k]
            }
            if abs(coefficient * powers[slowest]) <= abs(out[slowest]) * 1e-17 { break }
            n += 1
        }
    }

    /// ``unitSeries(b:c:z:)`` U with its partial derivatives by b, c and z.
    package static func unitSeriesWithDerivatives(b: Double, c: Double, z: Double) -> (u: Double, db: Double, dc: Double, dz: Double) {
        // Term n is Π_{k<n} (b+k)/(c+k) · zⁿ; its log-derivatives are the running sums
        // Σ_{k<n} 1/(b+k), −Σ_{k<n} 1/(c+k) and n/z.
        var term = 1.0
        var u = 1.0, db = 0.0, dc = 0.0, dz = 0.0
        var sumB = 0.0, sumC = 0.0
        var n = 0.0
        for _ in 0..<maximumTerms {
            let ratio = (b + n) / (c + n)
            // d(term_{n+1})/dz = (n+1) · term_n · ratio · zⁿ/zⁿ … kept free of a division by z.
            dz += (n + 1) * term * ratio
            sumB += 1 / (b + n)
            sumC += 1 / (c + n)
            term *= ratio * z
            u += term
            db += term * sumB
            dc -= term * sumC
            if term < u * 1e-17 { break }
            n += 1
        }
        return (u, db, dc, dz)
    }

    /// ``unitSeriesWithDerivatives(b:c:z:)`` at two arguments at once, each result bit for bit
    /// what a call of its own gives: the two series share their coefficients' divisions, the
    /// costly part of a term, and each stops at the term where it would alone.
    package static func unitSeriesWithDerivatives(b: Double, c: Double, z first: Double, _ second: Double)
        -> (first: (u: Double, db: Double, dc: Double, dz: Double), second: (u: Double, db: Double, dc: Double, dz: Double)) {
        struct Sums {
            let z: Double
            var term = 1.0
            var u = 1.0, db = 0.0, dc = 0.0, dz = 0.0
            var running = true

            @inline(__always)
            mutating func add(n: Double, ratio: Double, sumB: Double, sumC: Double) {
                dz += (n + 1) * term * ratio
                term *= ratio * z
                u += term
                db += term * sumB
                dc -= term * sumC
                if term < u * 1e-17 { running = false }
            }
        }
        var one = Sums(z: first), two = Sums(z: second)
        var sumB = 0.0, sumC = 0.0
        var n = 0.0
        for _ in 0..<maximumTerms {
            let ratio = (b + n) / (c + n)
            sumB += 1 / (b + n)
            sumC += 1 / (c + n)
            if one.running { one.add(n: n, ratio: ratio, sumB: sumB, sumC: sumC) }
            if two.running { two.add(n: n, ratio: ratio, sumB: sumB, sumC: sumC) }
            if !one.running && !two.running { break }
            n += 1
        }
        return ((one.u, one.db, one.dc, one.dz), (two.u, two.db, two.dc, two.dz))
    }
}

/// Gauss–Legendre quadrature rules on [−1, 1].
package enum GaussLegendre {
    /// The 8-point rule: (node, weight) pairs; exact for polynomials up to degree 15.
    package static let eight: [(Double, Double)] = [
        (-0.9602898564975363, 0.1012285362903763), (-0.7966664774136267, 0.2223810344533745),
        (-0.5255324099163290, 0.3137066458778873), (-0.1834346424956498, 0.3626837833783620),
        (0.1834346424956498, 0.3626837833783620), (0.5255324099163290, 0.3137066458778873),
        (0.7966664774136267, 0.2223810344533745), (0.9602898564975363, 0.1012285362903763),
    ]
}
