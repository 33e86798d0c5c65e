/// Order statistics of unsorted values, without sorting them all.
package enum OrderStatistic {
    /// The value of the given rank (0-based) in ascending order: a three-way quickselect, linear on
    /// average and on runs of one repeated value. Values laid out against its pivots (a hostile
    /// file's) would make it quadratic: after `rounds` partitions (about 2·log₂ n) it sorts what
    /// is left, so it stays within n log n time. Reorders `values`, which may not be empty; a
    /// rank beyond either end gives the value at that end.
    package static func select<Value: Comparable>(_ values: inout [Value], rank: Int, rounds: Int? = nil) -> Value {
        precondition(!values.isEmpty, "an order statistic of no values")
        let rank = min(max(rank, 0), values.count - 1)
        // Through the buffer: a swap in the array itself would check its storage is not shared, each time.
        return values.withUnsafeMutableBufferPointer { values in
            var low = 0, high = values.count - 1
            var rounds = rounds ?? 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 8
            while low < high {
                rounds -= 1
                if rounds < 0 {
                    values[low...high].sort()
                    return values[rank]
                }
                let a = values[low], b = values[(low + high) / 2], c = values[high]
                let pivot = max(min(a, b), min(max(a, b), c))
                // values[low..<less] < pivot, values[less..<i] == pivot, values[greater+1...high] > pivot.
                var less = low, i = low, greater = high
                while i <= greater {
                    if values[i] < pivot { values.swapAt(i, less); less += 1; i += 1 }
                    else if values[i] > pivot { values.swapAt(i, greater); greater -= 1 }
                    else { i += 1 }
                }
                if rank < less { high = less - 1 } else if rank > greater { low = greater + 1 } else { return pivot }
            }
            return values[low]
        }
    }
}
