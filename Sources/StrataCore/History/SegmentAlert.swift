/// A notable change between two snapshots, for automation (`strata alerts`).
public struct SegmentAlert: Sendable, Codable, Hashable {
    /// What changed.
    public enum Kind: String, Sendable, Codable, Hashable {
        case grew, shrank
        /// A valuable segment lost more of its members than allowed.
        case valuableLoss = "valuable_loss"
    }

    public var scheme: SegmentScheme
    public var segment: String
    public var kind: Kind
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
        let valuable = m.scheme.valuable
        for (i, name) in m.segments.enumerated() {
            if before[i] >= minimumSize {
                let change = Double(after[i] - before[i]) / Double(before[i])
                if abs(change) > threshold {
                    let kind: Kind = change > 0 ? .grew : .shrank
                    alerts.append(SegmentAlert(scheme: m.scheme, segment: name, kind: kind, before: before[i], after: after[i],
                                               change: change, message: "\(name) \(kind.rawValue) by \(NumberFormat.percent(abs(change))): \(before[i]) → \(after[i])"))
                }
            }
            let stayedOrMoved = m.matrix[i].reduce(0, +) + m.left[i]
            if valuable.contains(name), stayedOrMoved > 0 {
                let lost = Double(stayedOrMoved - m.matrix[i][i]) / Double(stayedOrMoved)
                if lost > valuableLoss {
                    alerts.append(SegmentAlert(scheme: m.scheme, segment: name, kind: .valuableLoss, before: before[i], after: after[i],
                                               change: lost, message: "\(name) lost \(NumberFormat.percent(lost)) of its \(stayedOrMoved) customers to other segments"))
                }
            }
        }
        return alerts
    }
}

/// The alerts between two snapshots (`strata alerts`, JSON).
public struct AlertReport: Sendable, Codable {
    /// As-of times of the two snapshots compared.
    public var from: String
    public var to: String
    public var alerts: [SegmentAlert]

    public init(from: String, to: String, alerts: [SegmentAlert]) {
        self.from = from
        self.to = to
        self.alerts = alerts
    }
}
