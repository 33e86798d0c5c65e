/// Every partition's group codes for the passes over a column that serve all partitions at once
/// (``GroupMoments``, the insights' group medians, the scheme summaries): two bytes a customer,
/// one partition after the other in one array, so that a pass over a column reads each
/// partition's codes as a sequential stream (eight times fewer bytes than `[Int]` codes).
package struct PartitionCodes: Sendable {
    /// The code of a customer in no group of a partition.
    package static let none = UInt16.max
    /// How many customers each partition codes.
    package let customers: Int
    /// How many groups each partition has.
    package let counts: [Int]
    /// Partition p's first group among all partitions' groups, numbered one partition after the
    /// other; the last entry is how many groups there are in all.
    package let offsets: [Int]
    /// Partition p's code of customer c at `p * customers + c`.
    package let codes: [UInt16]

    /// From each partition's codes (`codes[c]` is customer c's group, 0..<count, or negative for
    /// none); every partition codes the same `customers`.
    package init(_ partitions: [(codes: [Int], count: Int)], customers: Int) {
        precondition(partitions.allSatisfy { $0.codes.count == customers && $0.count < Int(Self.none) })
        self.customers = customers
        counts = partitions.map(\.count)
        var offsets = [0]
        for partition in partitions { offsets.append(offsets.last! + partition.count) }
        self.offsets = offsets
        var codes = [UInt16](repeating: Self.none, count: partitions.count * customers)
        for (p, partition) in partitions.enumerated() {
            for (c, code) in partition.codes.enumerated() where code >= 0 {
                precondition(code < partition.count, "customer \(c)'s group \(code) is not one of the partition's \(partition.count)")
                codes[p * customers + c] = UInt16(code)
            }
        }
        self.codes = codes
    }

    /// Each membership list as a partition of one group (group 0: the members); lists may overlap.
    package init(members lists: [[Bool]], customers: Int) {
        precondition(lists.allSatisfy { $0.count == customers })
        self.customers = customers
        counts = Array(repeating: 1, count: lists.count)
        offsets = Array(0...lists.count)
        var codes = [UInt16](repeating: Self.none, count: lists.count * customers)
        for (p, members) in lists.enumerated() {
            for (c, member) in members.enumerated() where member { codes[p * customers + c] = 0 }
        }
        self.codes = codes
    }

    /// How many partitions there are.
    package var count: Int { counts.count }
}
