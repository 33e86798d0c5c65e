/// Every partition's groups for the passes over a column that serve all partitions at once
/// (``GroupMoments``, the insights' group medians and text counts, the scheme summaries): each
/// customer's group in every partition, numbered across partitions, two bytes each and a
/// customer's side by side, so that a pass over a column reads one sequential stream of them and
/// finds each group's slot without another lookup.
package struct PartitionCodes: Sendable {
    /// The group of a customer in no group of a partition.
    package static let none = UInt16.max
    /// How many customers each partition codes.
    package let customers: Int
    /// How many groups each partition has.
    package let counts: [Int]
    /// Partition p's first group among all partitions' groups, numbered one partition after the
    /// other; the last entry is how many groups there are in all.
    package let offsets: [Int]
    /// Customer c's group in partition p (numbered across partitions, as ``offsets`` says) at
    /// `c * count + p`, or ``none``.
    package let groups: [UInt16]

    /// From each partition's codes (`codes[c]` is customer c's group, 0..<count, or negative for
    /// none); every partition codes the same `customers`.
    package init(_ partitions: [(codes: [Int], count: Int)], customers: Int) {
        precondition(partitions.allSatisfy { $0.codes.count == customers })
        self.customers = customers
        counts = partitions.map(\.count)
        var offsets = [0]
        for partition in partitions { offsets.append(offsets.last! + partition.count) }
        precondition(offsets.last! < Int(Self.none), "\(offsets.last!) groups in all; at most \(Int(Self.none) - 1) are counted")
        self.offsets = offsets
        let width = partitions.count
        var groups = [UInt16](repeating: Self.none, count: width * customers)
        for (p, partition) in partitions.enumerated() {
            for (c, code) in partition.codes.enumerated() where code >= 0 {
                precondition(code < partition.count, "customer \(c)'s group \(code) is not one of the partition's \(partition.count)")
                groups[c * width + p] = UInt16(offsets[p] + code)
            }
        }
        self.groups = groups
    }

    /// Each membership list as a partition of one group (group p: the members of list p); lists may overlap.
    package init(members lists: [[Bool]], customers: Int) {
        precondition(lists.allSatisfy { $0.count == customers })
        precondition(lists.count < Int(Self.none), "\(lists.count) lists; at most \(Int(Self.none) - 1) are counted")
        self.customers = customers
        counts = Array(repeating: 1, count: lists.count)
        offsets = Array(0...lists.count)
        let width = lists.count
        var groups = [UInt16](repeating: Self.none, count: width * customers)
        for (p, members) in lists.enumerated() {
            for (c, member) in members.enumerated() where member { groups[c * width + p] = UInt16(p) }
        }
        self.groups = groups
    }

    /// How many partitions there are.
    package var count: Int { counts.count }
}
