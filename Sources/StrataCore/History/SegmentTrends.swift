/// Segment sizes and revenue to date at every snapshot, for one scheme (`strata trends`).
public struct SegmentTrends: Sendable {
    public var scheme: SegmentScheme
    /// Snapshot days, oldest first.
    public var days: [Int64]
    /// The scheme's segments, in display order.
    public var segments: [String]
    /// `sizes[segment][snapshot]`.
    public var sizes: [[Int]]
    /// `revenue[segment][snapshot]`: the members' revenue to date.
    public var revenue: [[Double]]

    public init(_ snapshots: [(asOf: Int64, customers: [SnapshotCustomer])], scheme: SegmentScheme) {
        self.scheme = scheme
        days = snapshots.map { Timestamp.day($0.asOf) }
        segments = scheme.segmentNames
        let index = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, $0) })
        sizes = segments.map { _ in [Int](repeating: 0, count: snapshots.count) }
        revenue = segments.map { _ in [Double](repeating: 0, count: snapshots.count) }
        for (t, snapshot) in snapshots.enumerated() {
            for customer in snapshot.customers {
                guard let i = index[customer.segment(scheme) ?? ""] else { continue }
                sizes[i][t] += 1
                revenue[i][t] += customer.revenue
            }
        }
    }
}
