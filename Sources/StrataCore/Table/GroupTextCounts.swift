/// How many customers have each value of a coded text column in every group of several
/// partitions (``PartitionCodes``), and in all: one pass over the column for every partition,
/// where a pass a partition read the column, and that partition's codes, once each.
package struct GroupTextCounts: Sendable {
    /// How many values the column has.
    package let values: Int
    /// Partition p's first group, as in ``PartitionCodes/offsets``.
    package let offsets: [Int]
    /// The customers with value v in group k (numbered as in ``PartitionCodes/offsets``), at
    /// `k * values + v`.
    package let inGroup: [Int]
    /// The customers with value v.
    package let all: [Int]

    /// - Parameter codes: customer c's value, 0..<values, or negative for none.
    package init(codes: [Int32], values: Int, _ partitions: PartitionCodes) {
        precondition(codes.count == partitions.customers)
        self.values = values
        offsets = partitions.offsets
        let groupCount = partitions.offsets.last ?? 0, customers = partitions.customers, width = partitions.count
        var inGroup = [Int](repeating: 0, count: groupCount * values), all = [Int](repeating: 0, count: values)
        codes.withUnsafeBufferPointer { codes in
            partitions.groups.withUnsafeBufferPointer { groups in
                inGroup.withUnsafeMutableBufferPointer { inGroup in
                    all.withUnsafeMutableBufferPointer { all in
                        for c in 0..<customers {
                            let v = Int(codes[c])
                            guard v >= 0 else { continue }
                            precondition(v < values, "customer \(c)'s value \(v) is not one of the column's \(values)")
                            all[v] += 1
                            for k in groups[(c * width)..<(c * width + width)] where k != PartitionCodes.none {
                                inGroup[Int(k) * values + v] += 1
                            }
                        }
                    }
                }
            }
        }
        (self.inGroup, self.all) = (inGroup, all)
    }

    /// The customers with value v in group g of partition p.
    package func count(_ v: Int, partition p: Int, group g: Int) -> Int { inGroup[(offsets[p] + g) * values + v] }
}
