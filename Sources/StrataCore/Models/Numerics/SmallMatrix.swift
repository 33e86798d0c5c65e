/// Dense linear algebra for the few-by-few matrices of model fits.
package enum SmallMatrix {
    /// The inverse by Gauss-Jordan elimination with partial pivoting; nil when singular.
    package static func inverse(_ m: [[Double]]) -> [[Double]]? {
        let n = m.count
        var a = m
        var inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
                  abs(a[pivot][col]) > 1e-300, a[pivot][col].isFinite else { return nil }
            a.swapAt(col, pivot)
            inv.swapAt(col, pivot)
            let scale = 1 / a[col][col]
            for j in 0..<n { a[col][j] *= scale; inv[col][j] *= scale }
            for row in 0..<n where row != col {
                let factor = a[row][col]
                guard factor != 0 else { continue }
                for j in 0..<n {
                    a[row][j] -= factor * a[col][j]
                    inv[row][j] -= factor * inv[col][j]
                }
            }
        }
        return inv
    }
}
