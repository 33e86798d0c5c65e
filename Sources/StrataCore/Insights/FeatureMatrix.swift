import Foundation

/// Customer features as a dense, standardised matrix for clustering: one row per customer, one
/// column per feature. Skewed non-negative features (skewness > 1) are log-transformed first;
/// missing values take the column's mean (0 after standardising); columns are z-scores.
public struct FeatureMatrix: Sendable {
    public var names: [String]
    /// Row-major values, `rows × names.count`.
    public var values: [Double]
    public var rows: Int
    /// Per column: whether it was log-transformed, and the mean and standard deviation used.
    public var logged: [Bool]
    public var means: [Double]
    public var deviations: [Double]

    public var columns: Int { names.count }

    /// Builds the matrix from raw columns (NaN = missing).
    public init(names: [String], columns raw: [[Double]]) {
        self.names = names
        rows = raw.first?.count ?? 0
        var transformed: [[Double]] = []
        logged = []
        means = []
        deviations = []
        for column in raw {
            let present = column.filter(\.isFinite)
            let log = present.allSatisfy { $0 >= 0 } && Self.skewness(present) > 1
            let values = log ? column.map { $0.isFinite ? log1p($0) : .nan } : column
            let kept = values.filter(\.isFinite)
            let mean = kept.isEmpty ? 0 : kept.reduce(0, +) / Double(kept.count)
            let variance = kept.isEmpty ? 0 : kept.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(kept.count)
            let sd = variance > 0 ? variance.squareRoot() : 1
            transformed.append(values.map { $0.isFinite ? ($0 - mean) / sd : 0 })
            logged.append(log)
            means.append(mean)
            deviations.append(sd)
        }
        values = [Double](repeating: 0, count: rows * names.count)
        for (j, column) in transformed.enumerated() {
            for i in 0..<rows { values[i * names.count + j] = column[i] }
        }
    }

    /// Sample skewness (0 for fewer than 3 values or no spread).
    package static func skewness(_ x: [Double]) -> Double {
        guard x.count > 2 else { return 0 }
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0
        for v in x {
            let d = v - mean
            m2 += d * d
            m3 += d * d * d
        }
        m2 /= n
        m3 /= n
        return m2 > 0 ? m3 / pow(m2, 1.5) : 0
    }

    /// Every `step`-th row, with the same transforms.
    package func everyNth(_ step: Int) -> FeatureMatrix {
        var copy = self
        let picked = Swift.stride(from: 0, to: rows, by: max(1, step)).map { $0 }
        copy.rows = picked.count
        copy.values = picked.flatMap { values[($0 * columns)..<($0 * columns + columns)] }
        return copy
    }

    /// A standardised value back in the feature's own units.
    public func original(_ z: Double, column j: Int) -> Double {
        let v = z * deviations[j] + means[j]
        return logged[j] ? expm1(v) : v
    }
}
