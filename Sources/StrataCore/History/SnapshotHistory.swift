/// Segment sizes at every stored snapshot and the movement between the last two (per scheme).
public struct SnapshotHistory: Sendable {
    /// Snapshot dates (yyyy-MM-dd), oldest first.
    public var dates: [String]
    /// Per scheme: segment names and, per segment, its size at each snapshot.
    public var sizes: [SegmentScheme: (segments: [String], sizes: [[Int]])]
    /// Per scheme: the movement from the second-to-last to the last snapshot.
    public var movements: [SegmentScheme: SegmentMovement]

    /// From every snapshot's as-of time and customers, oldest first; nil with fewer than two.
    public init?(_ snapshots: [(asOf: Int64, customers: [SnapshotCustomer])]) {
        guard snapshots.count >= 2 else { return nil }
        dates = snapshots.map { Timestamp.isoDate(day: Timestamp.day($0.asOf)) }
        let all = snapshots.map(\.customers)
        sizes = [:]
        movements = [:]
        for scheme in SnapshotCustomer.keptSchemes {
            let names = scheme.segmentNames
            let counts = names.map { name in all.map { customers in customers.lazy.filter { $0.segment(scheme) == name }.count } }
            sizes[scheme] = (names, counts)
            movements[scheme] = SegmentMovement(from: all[all.count - 2], to: all[all.count - 1], scheme: scheme)
        }
    }
}
