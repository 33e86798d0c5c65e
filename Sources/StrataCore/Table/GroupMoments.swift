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
        let groups = partitions.offsets.last ?? 0, customers = partitions.customers
        var n = [Int](repeating: 0, count: groups), sum = [Double](repeating: 0, count: groups), squares = sum
        var all: (n: Int, sum: Double, squares: Double) = (0, 0, 0)
        values.withUnsafeBufferPointer { values in
            partitions.codes.withUnsafeBufferPointer { codes in
                partitions.offsets.withUnsafeBufferPointer { offsets in
                    n.withUnsafeMutableBufferPointer { n in
                        sum.withUnsafeMutableBufferPointer { sum in
                            squares.withUnsafeMutableBufferPointer { squares in
                                // A customer at a time, every partition's group: the partitions'
                                // sums are independent chains the processor runs side by side.
                                for c in 0..<customers {
                                    let v = values[c]
                                    guard v.isFinite else { continue }
                                    all.n += 1; all.sum += v; all.squares += v * v
                                    for p in 0..<partitions.count {
                                        let code = codes[p * customers + c]
                                        guard code != PartitionCodes.none else { continue }
                                        let k = offsets[p] + Int(code)
                                        n[k] += 1; sum[k] += v; squares[k] += v * v
                                    }
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
