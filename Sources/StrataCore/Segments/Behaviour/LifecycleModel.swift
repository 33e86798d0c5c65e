import Foundation

/// The probability that a buyer buys again within the lifecycle window, learnt from the user's own
/// history: a logistic regression fitted on every customer who had bought by the cutoff
/// (``CustomerFeatures/cutoffDay``, the window before as-of), on their state then, against
/// whether they bought in the window that followed. Applied to the state at as-of (or some days
/// later), it answers the same question for the window ahead.
///
/// The state: days since the last purchase, days since the last activity of any kind (orders,
/// email opens and clicks, visits, app opens, tickets…), purchase days, the overdue ratio (days
/// since the last purchase over the usual gap) and tenure, each as log(1 + value). Because it is
/// fitted on the same data it is applied to, it is calibrated when the business's rhythm does
/// not change within a window, and it reads every channel, not only purchases.
public struct LifecycleModel: Sendable {
    public static let featureNames = ["intercept", "log days since purchase", "log days since activity", "log purchase days",
                                      "log overdue ratio", "log tenure", "log days since purchase × log days since activity"]
    /// Coefficients on the standardised state (intercept first).
    public var coefficients: [Double]
    public var means: [Double]
    public var scales: [Double]
    /// Buyers the model was fitted on, and the share of them who bought in the window.
    public var fittedOn: Int
    public var boughtShare: Double
    /// The base's median gap between purchase days (the gap of one-time buyers).
    public var typicalGap: Double

    /// How many numbers a state has.
    private static let stateSize = 6

    /// The state of a buyer: days since the last purchase and activity, purchase days, usual gap,
    /// tenure, in the first ``stateSize`` lanes (a vector, not an array: one is made per customer,
    /// twice, and an array would be allocated each time).
    private static func state(since: Double, activity: Double, days: Double, gap: Double, tenure: Double) -> SIMD8<Double> {
        let s = log1p(max(0, since)), a = log1p(max(0, activity))
        return SIMD8(s, a, log1p(days), log1p(max(0, since) / max(gap, 1)), log1p(max(0, tenure)), s * a, 0, 0)
    }

    /// Fits on the buyers at the cutoff; nil when fewer than `minimumBuyers` of them, or when all
    /// or none bought again (nothing to learn from).
    public init?(_ f: CustomerFeatures, typicalGap: Double, minimumBuyers: Int = 200) {
        self.typicalGap = typicalGap
        var rows: [[Double]] = [], labels: [Double] = []
        let cutoff = f.cutoffDay
        // Seven coefficients need no more than 100,000 buyers: a larger base is sampled evenly.
        let buyers = f.purchaseDaysAtCutoff.lazy.filter { $0 > 0 }.count
        let step = max(1, buyers / 100_000)
        var seen = 0
        for c in 0..<f.count where f.purchaseDaysAtCutoff[c] > 0 {
            seen += 1
            guard (seen - 1) % step == 0 else { continue }
            let days = Double(f.purchaseDaysAtCutoff[c])
            let first = f.firstPurchaseDay[c], last = f.lastPurchaseDayAtCutoff[c]
            let gap = days > 1 ? Double(last - first) / (days - 1) : typicalGap
            let activity = f.lastActivityDayAtCutoff[c] == Int64.min ? Double(cutoff - last) : Double(cutoff - f.lastActivityDayAtCutoff[c])
            let state = Self.state(since: Double(cutoff - last), activity: activity, days: days, gap: gap, tenure: Double(cutoff - first))
            rows.append((0..<Self.stateSize).map { state[$0] })
            labels.append(f.boughtAfterCutoff[c] ? 1 : 0)
        }
        let bought = labels.reduce(0, +)
        guard rows.count >= minimumBuyers, bought > 0, bought < Double(rows.count) else { return nil }
        let k = rows[0].count
        let means = (0..<k).map { j in rows.reduce(0) { $0 + $1[j] } / Double(rows.count) }
        let scales = (0..<k).map { j -> Double in
            let m = means[j]
            let variance = rows.reduce(0) { $0 + ($1[j] - m) * ($1[j] - m) } / Double(rows.count)
            return variance > 1e-12 ? variance.squareRoot() : 1
        }
        let x = rows.map { row in [1.0] + (0..<k).map { (row[$0] - means[$0]) / scales[$0] } }
        coefficients = Self.fitLogistic(x, labels)
        self.means = means
        self.scales = scales
        fittedOn = rows.count
        boughtShare = bought / Double(rows.count)
    }

    /// Newton's method on the log-likelihood with a small ridge (so separable data still converges).
    private static func fitLogistic(_ x: [[Double]], _ y: [Double]) -> [Double] {
        let p = x[0].count
        var beta = [Double](repeating: 0, count: p)
        for _ in 0..<25 {
            var gradient = [Double](repeating: 0, count: p)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for (row, label) in zip(x, y) {
                var z = 0.0
                for j in 0..<p { z += beta[j] * row[j] }
                let mu = 1 / (1 + exp(-z)), w = mu * (1 - mu)
                for j in 0..<p {
                    gradient[j] += (label - mu) * row[j]
                    for l in j..<p { hessian[j][l] += w * row[j] * row[l] }
                }
            }
            let ridge = 1e-3 * Double(x.count)
            for j in 0..<p {
                if j > 0 {
                    gradient[j] -= ridge * beta[j]
                    hessian[j][j] += ridge
                }
                for l in 0..<j { hessian[j][l] = hessian[l][j] }
            }
            guard let step = solve(hessian, gradient) else { break }
            var largest = 0.0
            for j in 0..<p { beta[j] += step[j]; largest = max(largest, abs(step[j])) }
            if largest < 1e-9 { break }
        }
        return beta
    }

    /// Solves a small symmetric positive system by Gaussian elimination with partial pivoting.
    private static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, v = b
        let n = v.count
        for i in 0..<n {
            guard let pivot = (i..<n).max(by: { abs(m[$0][i]) < abs(m[$1][i]) }), abs(m[pivot][i]) > 1e-300 else { return nil }
            m.swapAt(i, pivot); v.swapAt(i, pivot)
            for r in (i + 1)..<n where r < n {
                let factor = m[r][i] / m[i][i]
                for c in i..<n { m[r][c] -= factor * m[i][c] }
                v[r] -= factor * v[i]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[i]
            for c in (i + 1)..<n where c < n { sum -= m[i][c] * out[c] }
            out[i] = sum / m[i][i]
        }
        return out
    }

    /// The probability that buyer c is still buying `afterDays` from as-of if they buy nothing
    /// until then: the chance they buy within the window, over the chance a customer still buying
    /// at their usual gap g does, 1 − exp(−window / g) (a customer who buys once a year and has
    /// not bought for three months is quiet, not gone); nil without a purchase.
    public func pAlive(_ c: Int, _ f: CustomerFeatures, afterDays h: Double = 0) -> Double? {
        guard let buys = pBuysAgain(c, f, afterDays: h) else { return nil }
        let window = Double(f.asOfDay - f.cutoffDay), gap = max(f.usualGapDays(c) ?? typicalGap, 1)
        return min(1, buys / (1 - exp(-window / gap)))
    }

    /// The probability that buyer c buys within the window after `afterDays` days from as-of
    /// without buying; nil for a customer without a purchase.
    public func pBuysAgain(_ c: Int, _ f: CustomerFeatures, afterDays h: Double = 0) -> Double? {
        guard let since = f.daysSinceLastPurchase(c), let tenure = f.tenureDays(c) else { return nil }
        let activity = f.currentInactivityDays(c).map(Double.init) ?? Double(since)
        let state = Self.state(since: Double(since) + h, activity: activity + h, days: Double(f.purchaseDays[c]),
                               gap: f.usualGapDays(c) ?? typicalGap, tenure: Double(tenure) + h)
        var z = coefficients[0]
        for j in 0..<Self.stateSize { z += coefficients[j + 1] * (state[j] - means[j]) / scales[j] }
        return 1 / (1 + exp(-z))
    }
}
