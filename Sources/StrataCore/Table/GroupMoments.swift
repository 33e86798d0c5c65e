/// Count, sum and sum of squares of a numeric column's finite values in every group of every
/// partition, and over all customers: one pass over the column for all partitions. Every sum adds
/// its customers in customer order, so it is bit for bit the sum of a pass per partition.
package struct GroupMoments: Sendable {
    /// Partition p's first group, as in ``PartitionCodes/offsets``.
    package let offsets: [Int]
    /// Count, sum and sum of squares by group, numbered as in ``PartitionCodes/offsets``.
    package var n: [Int]
    package var sum: [Double]
    package var squares: [Double]
    /// Over every customer with a finite value.
    package var all: (n: Int, sum: Double, squares: Double) = (0, 0, 0)

    package init(_ values: [Double], _ partitions: PartitionCodes) {
        precondition(values.count == partitions.customers)
        offsets = partitions.offsets
        let groupCount = partitions.offsets.last ?? 0, customers = partitions.customers, width = partitions.count
        var n = [Int](repeating: 0, count: groupCount), sum = [Double](repeating: 0, count: groupCount), squares = sum
        var all: (n: Int, sum: Double, squares: Double) = (0, 0, 0)
        values.withUnsafeBufferPointer { values in
            partitions.groups.withUnsafeBufferPointer { groups in
                n.withUnsafeMutableBufferPointer { n in
                    sum.withUnsafeMutableBufferPointer { sum in
                        squares.withUnsafeMutableBufferPointer { squares in
                            // A customer at a time, every partition's group: the partitions'
                            // sums are independent chains the processor runs side by side.
                            for c in 0..<customers {
                                let v = values[c]
                                guard v.isFinite else { continue }
                                all.n += 1; all.sum += v; all.squares += v * v
                                for k in groups[(c * width)..<(c * width + width)] where k != PartitionCodes.none {
                                    n[Int(k)] += 1; sum[Int(k)] += v; squares[Int(k)] += v * v
                                }
                            }
                        }
                    }
                }
            }
        }
        (self.n, self.sum, self.squares, self.all) = (n, sum, squares, all)
    }
}
