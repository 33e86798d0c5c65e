import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Known answers for the numerics under the lifetime models. Every reference value was computed
/// independently in Python (mpmath 1.3 at 30 significant digits, script at the bottom of this
/// file), never by running this code; inputs are the doubles written here, taken exactly.
@Suite struct KnownAnswerTests {
    /// |got − want| ≤ tolerance · max(|want|, floor): relative, or absolute below `floor`.
    func agrees(_ got: Double, _ want: Double, _ tolerance: Double, floor: Double = 0) -> Bool {
        abs(got - want) <= tolerance * max(abs(want), floor)
    }

    // MARK: Special functions

    // ψ(x): mpmath.digamma, 30 digits. Points stay away from ψ's root at x ≈ 1.4616.
    static let digammaRows: [(x: Double, psi: Double)] = [
        (0.001, -1000.5755719318103), (0.1, -10.423754940411076), (0.5, -1.9635100260214235),
        (1.0, -0.5772156649015329), (2.5, 0.7031566406452432), (3.7, 1.1671535393615113),
        (7.9, 2.002238487563571), (8.0, 2.01564147795561), (12.3, 2.468398400301138),
        (50.0, 3.901989673427892), (10000.0, 9.210290371142849),
    ]

    /// Relative 1e-12: the series stops at the x⁻¹⁰ term, which leaves ~3e-13 absolute where the
    /// recurrence lands just above 8 (x = 1, 8), i.e. 5e-13 relative at ψ(1).
    @Test func digamma() {
        for row in Self.digammaRows {
            let got = Special.digamma(row.x)
            #expect(agrees(got, row.psi, 1e-14), "ψ(\(row.x)) = \(got), expected \(row.psi)")
        }
    }

    // log Γ(x): mpmath.loggamma, 30 digits.
    static let logGammaRows: [(x: Double, value: Double)] = [
        (0.001, 6.907178885383853), (0.1, 2.252712651734206), (0.5, 0.5723649429247001), (1.0, 0.0),
        (1.5, -0.12078223763524522), (2.0, 0.0), (3.7, 1.428072326665388), (10.0, 12.801827480081469),
        (50.5, 146.51925549072064), (10000.0, 82099.71749644238), (1000000.0, 12815504.569147611),
    ]

    /// Relative 1e-13, absolute near the zeros at 1 and 2 (libm's lgamma_r is good to a few ulp).
    @Test func logGamma() {
        for row in Self.logGammaRows {
            let got = Special.logGamma(row.x)
            #expect(agrees(got, row.value, 1e-13, floor: 1), "log Γ(\(row.x)) = \(got), expected \(row.value)")
        }
    }

    // (1 − qᵉ)/e, and −log q at e = 0: mpmath, 30 digits.
    static let oneMinusPowerOverRows: [(q: Double, e: Double, value: Double)] = [
        (0.5, 0.3, 0.625825345479215), (0.9, -0.2, 0.1064784380006753), (0.001, 0.5, 1.9367544467966324),
        (0.999, 2.5, 0.0009992501250156306), (0.5, 0.0, 0.6931471805599453), (1.0, 0.7, 0.0),
    ]
    // The same for |e · log q| < 1e-10, where the code switches to −log q · (1 ∓ e log q / 2).
    static let oneMinusPowerOverSmallExponentRows: [(q: Double, e: Double, value: Double)] = [
        (0.5, 1e-12, 0.693147180559705), (0.2, -4e-11, 1.6094379124859062), (0.999, 5e-08, 0.0010005003335585095),
    ]

    /// "Without cancellation": full double precision (relative 1e-14).
    @Test func oneMinusPowerOver() {
        for row in Self.oneMinusPowerOverRows {
            let got = Special.oneMinusPowerOver(row.q, exponent: row.e)
            #expect(agrees(got, row.value, 1e-14), "(1 − \(row.q)^\(row.e))/\(row.e) = \(got), expected \(row.value)")
        }
    }

    /// (1 − qᵉ)/e = −L (1 + eL/2 + …) with L = log q, in the small-|eL| branch.
    @Test func oneMinusPowerOverNearZeroExponent() {
        for row in Self.oneMinusPowerOverSmallExponentRows {
            let got = Special.oneMinusPowerOver(row.q, exponent: row.e)
            #expect(agrees(got, row.value, 1e-14), "(1 − \(row.q)^\(row.e))/\(row.e) = \(got), expected \(row.value)")
        }
    }

    // MARK: Hypergeometric series

    /// Relative 2e-13: at z = 0.999 the ~2·10⁴ summed terms cost up to ~6e-14; elsewhere ≤ 1e-15.
    static let seriesTolerance = 2e-13

    // ₂F₁(1, b; c; z): mpmath.hyp2f1, 30 digits. Domain 0 ≤ b < c, 0 ≤ z < 1 (so no negative z);
    // (1.606, 3.159, 0.0934) and (50.553, 52.159, 0.9) are Pareto/NBD-like (b = r+x, c = r+s+x+1).
    static let unitSeriesRows: [(b: Double, c: Double, z: Double, value: Double)] = [
        (0.5, 1.5, 0.0, 1.0), (0.0, 1.0, 0.7, 1.0), (0.5, 1.5, 1e-08, 1.0000000033333334),
        (0.3, 2.1, 0.25, 1.0400870195676621), (1.606, 3.159, 0.0934, 1.05045751527771),
        (2.553, 4.159, 0.5, 1.4772827079189559), (50.553, 52.159, 0.9, 8.01883768451364),
        (0.553, 2.159, 0.99, 1.784907969116434), (0.553, 2.159, 0.999, 1.8772833794298345),
    ]

    @Test func unitSeries() {
        for row in Self.unitSeriesRows {
            let got = Hypergeometric.unitSeries(b: row.b, c: row.c, z: row.z)
            #expect(agrees(got, row.value, Self.seriesTolerance), "₂F₁(1, \(row.b); \(row.c); \(row.z)) = \(got), expected \(row.value)")
        }
    }

    // (₂F₁(A, e; C; z) − 1)/e, and d/de ₂F₁(A, e; C; z) at e = 0: mpmath.hyp2f1 (mpmath.diff for
    // e = 0), 30 digits. Domain C > 0, C > A − 1, 0 ≤ z < 1. A = 1.976, e = −0.207, C = 2.219 + x
    // are BG/NBD's a+b−1−r, a−1 and a+b+x−1 at the CDNOW estimates.
    static let tailRows: [(A: Double, e: Double, C: Double, z: Double, value: Double)] = [
        (1.976, -0.207, 2.219, 0.0, 0.0), (1.976, -0.207, 2.219, 1e-06, 8.904915386839851e-07),
        (1.976, -0.207, 2.219, 0.5, 0.5620930878455117), (1.976, -0.207, 2.219, 0.999, 2.436412369088712),
        (1.976, -0.207, 12.219, 0.9, 0.15948772288198665), (1.976, 0.0, 2.219, 0.3, 0.3131320145515606),
        (-0.5, 0.4, 1.5, 0.8, -0.31081424632842164), (3.2, 1.7, 2.5, 0.6, 3.962768514679249),
    ]

    @Test func tail() {
        for row in Self.tailRows {
            let got = Hypergeometric.tail(A: row.A, e: row.e, C: row.C, z: row.z)
            #expect(agrees(got, row.value, Self.seriesTolerance),
                    "G(\(row.A), \(row.e); \(row.C); \(row.z)) = \(got), expected \(row.value)")
        }
    }

    /// `tails` at several z at once agrees with the same references (the first four tail rows).
    @Test func tailsAtSeveralZ() {
        let rows = Self.tailRows.prefix(4)
        var out = [Double](repeating: .nan, count: rows.count)
        out.withUnsafeMutableBufferPointer { Hypergeometric.tails(A: 1.976, e: -0.207, C: 2.219, zs: rows.map(\.z), into: $0) }
        for (row, got) in zip(rows, out) {
            #expect(agrees(got, row.value, Self.seriesTolerance), "G(z = \(row.z)) = \(got), expected \(row.value)")
        }
    }

    // ₂F₁(1, b; c; z) and its partial derivatives by b, c, z: mpmath.hyp2f1 and mpmath.diff, 30 digits.
    static let derivativeRows: [(b: Double, c: Double, z: Double, u: Double, db: Double, dc: Double, dz: Double)] = [
        (0.3, 2.1, 0.25, 1.0400870195676621, 0.13729670362425528, -0.02067679500568539, 0.18085762636344738),
        (2.553, 4.159, 0.5, 1.4772827079189559, 0.2562429406233772, -0.1639191252445013, 1.5120612093702621),
        (50.553, 52.159, 0.9, 8.01883768451364, 1.0105893336120486, -0.9825624383831977, 64.02171351847697),
        (0.553, 2.159, 0.99, 1.784907969116434, 2.3493245125267874, -0.9753247028983826, 6.815679762245175),
    ]

    /// Relative 1e-12: the series stops when U's terms are negligible, while ∂z's terms (n times
    /// larger) are still ~1e-13 of the sum at z = 0.99.
    @Test func unitSeriesDerivatives() {
        for row in Self.derivativeRows {
            let got = Hypergeometric.unitSeriesWithDerivatives(b: row.b, c: row.c, z: row.z)
            let pairs = [("U", got.u, row.u), ("∂b", got.db, row.db), ("∂c", got.dc, row.dc), ("∂z", got.dz, row.dz)]
            for (name, value, want) in pairs {
                #expect(agrees(value, want, 1e-12), "\(name) at (\(row.b), \(row.c), \(row.z)) = \(value), expected \(want)")
            }
        }
    }

    /// Two arguments in one loop give, bit for bit, what a call each gives (the series at each
    /// stops at its own term, whichever is longer).
    @Test func unitSeriesDerivativesInPairs() {
        let zs = [0.0, 1e-8, 0.093, 0.25, 0.5, 0.58, 0.9, 0.99]
        for (b, c) in [(0.3, 2.1), (1.4, 4.06), (2.553, 4.159), (50.553, 52.159)] {
            for first in zs {
                for second in zs {
                    let pair = Hypergeometric.unitSeriesWithDerivatives(b: b, c: c, z: first, second)
                    for (got, z) in [(pair.first, first), (pair.second, second)] {
                        let alone = Hypergeometric.unitSeriesWithDerivatives(b: b, c: c, z: z)
                        #expect([got.u, got.db, got.dc, got.dz].map(\.bitPattern) == [alone.u, alone.db, alone.dc, alone.dz].map(\.bitPattern),
                                "(\(b), \(c)) at z = \(z) beside \(first == z ? second : first)")
                    }
                }
            }
        }
    }

    // MARK: Minimiser and matrix inverse

    /// Rosenbrock (1 − x)² + 100 (y − x²)² from (−1.2, 1): minimum 0 at (1, 1).
    @Test func minimizerFindsRosenbrockMinimum() {
        let minimum = Minimizer().minimize({ p in
            let (x, y) = (p[0], p[1])
            return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
                    [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        }, from: [-1.2, 1])
        #expect(minimum.converged)
        #expect(abs(minimum.point[0] - 1) < 1e-6 && abs(minimum.point[1] - 1) < 1e-6, "minimum at \(minimum.point)")
        #expect(minimum.value < 1e-12, "value \(minimum.value)")
    }

    /// ½ (p − c)ᵀ A (p − c) + 5 with A positive definite: minimum 5 at c.
    @Test func minimizerFindsQuadraticMinimum() {
        let a: [[Double]] = [[4, 1, 0], [1, 3, 1], [0, 1, 2]]
        let c: [Double] = [2, -3, 0.5]
        let minimum = Minimizer().minimize({ p in
            let d = zip(p, c).map { $0 - $1 }
            let ad = a.map { row in zip(row, d).reduce(0) { $0 + $1.0 * $1.1 } }
            return (0.5 * zip(d, ad).reduce(0) { $0 + $1.0 * $1.1 } + 5, ad)
        }, from: [0, 0, 0])
        #expect(minimum.converged)
        for i in 0..<3 { #expect(abs(minimum.point[i] - c[i]) < 1e-6, "coordinate \(i): \(minimum.point[i]), expected \(c[i])") }
        #expect(abs(minimum.value - 5) < 1e-12, "value \(minimum.value)")
    }

    /// A function without a minimum (a slope that never flattens): the search stops after its
    /// budget of evaluations and says it did not converge.
    @Test func minimizerStopsWithinItsBudgetWhereThereIsNoMinimum() {
        var evaluations = 0
        let minimizer = Minimizer()
        let minimum = minimizer.minimize({ p in
            evaluations += 1
            return (-p[0] + p[1] * p[1], [-1, 2 * p[1]])
        }, from: [0, 1])
        #expect(!minimum.converged)
        #expect(evaluations <= minimizer.maximumEvaluations, "\(evaluations) evaluations")
        #expect(minimum.point[0] > 100, "it went downhill: \(minimum.point)")
    }

    // Exact inverses: the 3×3 Hilbert matrix (textbook integers), a permuted diagonal; nil when singular.
    static let inverseRows: [(name: String, matrix: [[Double]], inverse: [[Double]]?)] = [
        ("Hilbert 3×3", [[1, 1.0 / 2, 1.0 / 3], [1.0 / 2, 1.0 / 3, 1.0 / 4], [1.0 / 3, 1.0 / 4, 1.0 / 5]],
         [[9, -36, 30], [-36, 192, -180], [30, -180, 180]]),
        ("needs pivoting", [[0, 2, 0], [4, 0, 0], [0, 0, 0.5]], [[0, 0.25, 0], [0.5, 0, 0], [0, 0, 2]]),
        ("singular", [[1, 2], [2, 4]], nil),
    ]

    /// Within 1e-12 of the largest entry (Hilbert's condition number is ~500).
    @Test func smallMatrixInverse() {
        for row in Self.inverseRows {
            let got = SmallMatrix.inverse(row.matrix)
            guard let want = row.inverse else { #expect(got == nil, "\(row.name): \(String(describing: got))"); continue }
            let scale = want.joined().map(abs).max()!
            let error = zip(got ?? [], want).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
            #expect(error <= 1e-12 * scale, "\(row.name): \(String(describing: got))")
        }
    }

    // MARK: Log-likelihoods on the CDNOW summary

    static let cdnow = try! SummaryReader.read(path: "\(fixtures)/cdnow/cdnow_customers_summary.csv")

    // −log L summed over the 2,357 customers at the published estimates: closed forms evaluated with
    // mpmath at 30 digits on the same file; BG/NBD by Fader, Hardie & Lee (2005) eq. 6, Pareto/NBD
    // by Fader & Hardie's 2005 note (₂F₁ form, α < β branch; cross-checked by quadrature).
    static let likelihoodRows: [(kind: PurchaseModelKind, parameters: [Double], negativeLogLikelihood: Double)] = [
        (.bgNBD, [0.243, 4.414, 0.793, 2.426], 9582.426831182365),
        (.paretoNBD, [0.553, 10.58, 0.606, 11.67], 9594.974068223892),
    ]

    @Test func negativeLogLikelihoodAtPublishedEstimates() {
        let data = SummaryGroups(Self.cdnow)
        #expect(data.customers == 2_357)
        for row in Self.likelihoodRows {
            let got = -row.kind.modelType.logLikelihood(row.parameters, data, gradient: false).value
            #expect(agrees(got, row.negativeLogLikelihood, 1e-10),
                    "\(row.kind.rawValue) at \(row.parameters): −log L = \(got), expected \(row.negativeLogLikelihood)")
        }
    }
}

/*
 Reference values (Python 3, mpmath 1.3; mp.dps = 30; every input is the binary double, mpf(float)):

 import csv, mpmath as mp
 from mpmath import mpf, loggamma, log, hyp2f1
 mp.mp.dps = 30
 d = lambda v: repr(float(v))
 digamma = lambda x: d(mp.digamma(mpf(x)));  log_gamma = lambda x: d(mp.loggamma(mpf(x)))
 omp = lambda q, e: d(-log(mpf(q)) if e == 0 else (1 - mpf(q) ** mpf(e)) / mpf(e))
 unit = lambda b, c, z: d(hyp2f1(1, mpf(b), mpf(c), mpf(z)))
 def tail(A, e, C, z):
     A, C, z = mpf(A), mpf(C), mpf(z)
     return d(mp.diff(lambda t: hyp2f1(A, t, C, z), 0) if e == 0 else (hyp2f1(A, mpf(e), C, z) - 1) / mpf(e))
 def derivatives(b, c, z):
     b, c, z = mpf(b), mpf(c), mpf(z); F = lambda b, c, z: hyp2f1(1, b, c, z)
     return [d(v) for v in (F(b, c, z), mp.diff(lambda t: F(t, c, z), b), mp.diff(lambda t: F(b, t, z), c),
                            mp.diff(lambda t: F(b, c, t), z))]

 rows = [tuple(mpf(float(r[k])) for k in ("frequency", "recency", "T"))
         for r in csv.DictReader(open("Tests/Fixtures/cdnow/cdnow_customers_summary.csv"))]
 def bg_nbd(r, al, a, b, x, tx, T):  # FHL 2005 eq. 6
     L = (al + T) ** -(r + x) + (a / (b + x - 1) * (al + tx) ** -(r + x) if x > 0 else 0)
     return (loggamma(r + x) - loggamma(r) + r * log(al) + loggamma(a + b) + loggamma(b + x)
             - loggamma(b) - loggamma(a + b + x) + log(L))
 def pareto_nbd(r, al, s, be, x, tx, T):  # Fader & Hardie (2005), "Deriving the Pareto/NBD model"
     k = r + s + x
     if al >= be: F = lambda t: hyp2f1(k, s + 1, k + 1, (al - be) / (al + t)) / (al + t) ** k
     else:        F = lambda t: hyp2f1(k, r + x, k + 1, (be - al) / (be + t)) / (be + t) ** k
     L = (al + T) ** -(r + x) * (be + T) ** -s + s / k * (F(tx) - F(T))
     return loggamma(r + x) - loggamma(r) + r * log(al) + s * log(be) + log(L)
 print(d(-sum(bg_nbd(*map(mpf, (0.243, 4.414, 0.793, 2.426)), *row) for row in rows)))      # 9582.426831182365
 print(d(-sum(pareto_nbd(*map(mpf, (0.553, 10.58, 0.606, 11.67)), *row) for row in rows)))  # 9594.974068223892
 */
