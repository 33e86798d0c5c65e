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

    /// Segments a customer should not leave, and segments that signal churn, per scheme.
    public static func valuable(_ scheme: SegmentScheme) -> Set<String> {
        scheme == .rfm ? [RFMSegment.champions.rawValue, RFMSegment.loyal.rawValue, RFMSegment.potentialLoyalist.rawValue]
            : [ActivitySegment.active.rawValue]
    }

    public static func atRisk(_ scheme: SegmentScheme) -> Set<String> {
        scheme == .rfm
            ? [RFMSegment.atRisk.rawValue, RFMSegment.cantLoseThem.rawValue, RFMSegment.aboutToSleep.rawValue,
               RFMSegment.hibernating.rawValue, RFMSegment.lost.rawValue]
            : [ActivitySegment.passive.rawValue, ActivitySegment.leastEngaged.rawValue]
    }

    public init(from before: [SnapshotCustomer], to after: [SnapshotCustomer], scheme: SegmentScheme) {
        self.scheme = scheme
        segments = scheme == .rfm ? RFMSegment.allCases.map(\.rawValue) : ActivitySegment.allCases.map(\.rawValue)
        let index = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, $0) })
        let n = segments.count
        matrix = Array(repeating: Array(repeating: 0, count: n), count: n)
        entered = Array(repeating: 0, count: n)
        left = Array(repeating: 0, count: n)
        movers = []
        var earlier: [String: SnapshotCustomer] = [:]
        for customer in before { earlier[customer.customerID] = customer }
        let valuable = Self.valuable(scheme), risky = Self.atRisk(scheme)
        var seen = Set<String>()
        for now in after {
            guard let j = index[now.segment(scheme)] else { continue }
            seen.insert(now.customerID)
            guard let then = earlier[now.customerID], let i = index[then.segment(scheme)] else {
                entered[j] += 1
                continue
            }
            matrix[i][j] += 1
            if valuable.contains(then.segment(scheme)), risky.contains(now.segment(scheme)) {
                movers.append(Mover(customerID: now.customerID, from: then.segment(scheme), to: now.segment(scheme),
                                    changes: Self.changes(then, now)))
            }
        }
        for customer in before where !seen.contains(customer.customerID) {
            if let i = index[customer.segment(scheme)] { left[i] += 1 }
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
    static func changes(_ a: SnapshotCustomer, _ b: SnapshotCustomer) -> String {
        var parts: [String] = []
        if let days = b.daysSinceLastPurchase { parts.append("no order for \(days) days") }
        if b.orders != a.orders { parts.append("orders \(a.orders) → \(b.orders)") }
        func pair(_ name: String, _ x: Double?, _ y: Double?) {
            guard let x, let y, abs(x - y) >= 0.005 else { return }
            parts.append("\(name) \(SummaryRenderer.decimal(x, 2)) → \(SummaryRenderer.decimal(y, 2))")
        }
        pair("engagement", a.engagementRate, b.engagementRate)
        pair("P(alive)", a.pAlive, b.pAlive)
        return parts.isEmpty ? "no feature changed; the others moved past them" : parts.joined(separator: "; ")
    }
}

/// A notable change between two snapshots, for automation (`strata alerts`).
public struct SegmentAlert: Sendable, Codable, Hashable {
    public var scheme: String
    public var segment: String
    /// `grew`, `shrank` or `valuable_loss`.
    public var kind: String
    public var before: Int
    public var after: Int
    /// Relative size change, or (valuable_loss) the share of earlier members who left the segment.
    public var change: Double
    public var message: String

    /// Alerts of one movement: sizes changed by more than `threshold` (relative, segments of at
    /// least `minimumSize` customers before), and valuable segments that lost more than
    /// `valuableLoss` of their members to other segments.
    public static func alerts(_ m: SegmentMovement, threshold: Double, valuableLoss: Double, minimumSize: Int = 10) -> [SegmentAlert] {
        var alerts: [SegmentAlert] = []
        let before = m.sizesBefore, after = m.sizesAfter
        let valuable = SegmentMovement.valuable(m.scheme)
        for (i, name) in m.segments.enumerated() {
            if before[i] >= minimumSize {
                let change = Double(after[i] - before[i]) / Double(before[i])
                if abs(change) > threshold {
                    let kind = change > 0 ? "grew" : "shrank"
                    alerts.append(SegmentAlert(scheme: m.scheme.rawValue, segment: name, kind: kind, before: before[i], after: after[i],
                                               change: change, message: "\(name) \(kind) by \(SummaryRenderer.percent(abs(change))): \(before[i]) → \(after[i])"))
                }
            }
            let stayedOrMoved = m.matrix[i].reduce(0, +) + m.left[i]
            if valuable.contains(name), stayedOrMoved > 0 {
                let lost = Double(stayedOrMoved - m.matrix[i][i]) / Double(stayedOrMoved)
                if lost > valuableLoss {
                    alerts.append(SegmentAlert(scheme: m.scheme.rawValue, segment: name, kind: "valuable_loss", before: before[i], after: after[i],
                                               change: lost, message: "\(name) lost \(SummaryRenderer.percent(lost)) of its \(stayedOrMoved) customers to other segments"))
                }
            }
        }
        return alerts
    }
}
