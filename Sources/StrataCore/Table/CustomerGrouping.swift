/// Rows grouped by customer (compressed sparse rows): the rows of customer `c` are
/// `rows[offsets[c]..<offsets[c + 1]]`, ordered by timestamp, ties by file order.
///
/// Built with a counting sort (linear, stable), then each customer's few rows are sorted by time
/// only when they are not already in order.
package struct CustomerGrouping: Sendable {
    package let offsets: [Int]
    package let rows: [Int32]

    package init(customer: [Int32], timestamp: [Int64], customerCount: Int) {
        var offsets = [Int](repeating: 0, count: customerCount + 1)
        for c in customer { offsets[Int(c) + 1] += 1 }
        for i in 0..<customerCount { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var rows = [Int32](repeating: 0, count: customer.count)
        rows.withUnsafeMutableBufferPointer { rows in
            customer.withUnsafeBufferPointer { customer in
                for (row, c) in customer.enumerated() {
                    rows[cursor[Int(c)]] = Int32(row)
                    cursor[Int(c)] += 1
                }
            }
        }
        let bounds = offsets
        let grouped = rows
        let ranges = Parallel.ranges(customerCount)
        let sortedPieces: [[(Int, [Int32])]] = Parallel.map(ranges.count) { piece in
            let range = ranges[piece]
            var fixes: [(Int, [Int32])] = []
            for c in range {
                let slice = grouped[bounds[c]..<bounds[c + 1]]
                guard slice.count > 1 else { continue }
                var ordered = true
                var previous = timestamp[Int(slice[slice.startIndex])]
                for r in slice.dropFirst() {
                    let t = timestamp[Int(r)]
                    if t < previous { ordered = false; break }
                    previous = t
                }
                if !ordered {
                    fixes.append((bounds[c], slice.sorted { (timestamp[Int($0)], $0) < (timestamp[Int($1)], $1) }))
                }
            }
            return fixes
        }
        for (start, sorted) in sortedPieces.joined() {
            rows.replaceSubrange(start..<(start + sorted.count), with: sorted)
        }
        self.offsets = offsets
        self.rows = rows
    }
}
