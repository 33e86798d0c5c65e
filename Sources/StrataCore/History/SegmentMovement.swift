/// How customers moved between the segments of a scheme from one snapshot to another.
public struct SegmentMovement: Sendable {
    /// A customer who left a valuable segment for an at-risk one, with what changed.
    public struct Mover: Sendable, Hashable {
        public var customerID: String
        public var from: String
        public var to: String
        public var changes: String
    }

    public var scheme: SegmentScheme
    /// Segments in display order; rows and columns of ``matrix``.
    public var segments: [String]
    /// Customers in both snapshots: `matrix[i][j]` moved from segment i to segment j.
    public var matrix: [[Int]]
    /// Customers only in the later snapshot (new), by segment; only in the earlier one (gone), by segment.
    public var entered: [Int]
    public var left: [Int]
    public var movers: [Mover]

    public init(from before: [SnapshotCustomer], to after: [SnapshotCustomer], scheme: SegmentScheme) {
        self.scheme = scheme
        segments = scheme.segmentNames
        let index = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, $0) })
        let n = segments.count
        matrix = Array(repeating: Array(repeating: 0, count: n), count: n)
        entered = Array(repeating: 0, count: n)
        left = Array(repeating: 0, count: n)
        movers = []
        var earlier: [String: SnapshotCustomer] = [:]
        for customer in before { earlier[customer.customerID] = customer }
        let valuable = scheme.valuable, risky = scheme.atRisk
        var seen = Set<String>()
        for now in after {
            guard let j = index[now.segment(scheme) ?? ""] else { continue }
            seen.insert(now.customerID)
            guard let then = earlier[now.customerID], let i = index[then.segment(scheme) ?? ""] else {
                entered[j] += 1
                continue
            }
            matrix[i][j] += 1
            if valuable.contains(then.segment(scheme) ?? ""), risky.contains(now.segment(scheme) ?? "") {
                movers.append(Mover(customerID: now.customerID, from: then.segment(scheme) ?? "", to: now.segment(scheme) ?? "",
                                    changes: Self.changes(then, now)))
            }
        }
        for customer in before where !seen.contains(customer.customerID) {
            if let i = index[customer.segment(scheme) ?? ""] { left[i] += 1 }
        }
    }

    /// Segment sizes before and after (customers in either snapshot).
    public var sizesBefore: [Int] { segments.indices.map { i in matrix[i].reduce(0, +) + left[i] } }
    public var sizesAfter: [Int] { segments.indices.map { j in matrix.reduce(0) { $0 + $1[j] } + entered[j] } }

    /// After − before, per segment.
    public var netFlow: [Int] { zip(sizesAfter, sizesBefore).map { $0 - $1 } }

    /// Share of a segment's earlier members found in each segment later (rows sum to 1 over stayers).
    public func share(_ i: Int, _ j: Int) -> Double {
        let row = matrix[i].reduce(0, +)
        return row == 0 ? 0 : Double(matrix[i][j]) / Double(row)
    }

    /// "no order for 94 days; engagement 0.71 → 0.12; P(alive) 0.80 → 0.21".
    package static func changes(_ a: SnapshotCustomer, _ b: SnapshotCustomer) -> String {
        var parts: [String] = []
        if let days = b.daysSinceLastPurchase { parts.append("no order for \(days) days") }
        if b.orders != a.orders { parts.append("orders \(a.orders) → \(b.orders)") }
        func pair(_ name: String, _ x: Double?, _ y: Double?) {
            guard let x, let y, abs(x - y) >= 0.005 else { return }
            parts.append("\(name) \(NumberFormat.decimal(x, 2)) → \(NumberFormat.decimal(y, 2))")
        }
        pair("engagement", a.engagementRate, b.engagementRate)
        pair("P(alive)", a.pAlive, b.pAlive)
        return parts.isEmpty ? "no feature changed; the others moved past them" : parts.joined(separator: "; ")
    }
}
