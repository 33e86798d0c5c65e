/// Flags custom segments too small to act on: fewer than `minimumCount` customers or less than
/// `minimumShare` of the base (a campaign for a handful of people is not worth running).
public struct SegmentSizeGuard: Sendable {
    public var minimumCount: Int
    public var minimumShare: Double

    public init(minimumCount: Int = 100, minimumShare: Double = 0.001) {
        self.minimumCount = minimumCount
        self.minimumShare = minimumShare
    }

    /// Whether a segment of `size` out of `total` customers is below either limit.
    public func isTooSmall(size: Int, of total: Int) -> Bool {
        size < minimumCount || (total == 0 ? 0 : Double(size) / Double(total)) < minimumShare
    }

    /// One message per segment below either limit (empty segments included).
    public func warnings(_ evaluation: SegmentEvaluation) -> [String] {
        zip(evaluation.segmentNames, evaluation.members).compactMap { name, members in
            let total = members.count
            let size = members.lazy.filter { $0 }.count
            let share = total == 0 ? 0 : Double(size) / Double(total)
            guard isTooSmall(size: size, of: total) else { return nil }
            return "segment \"\(name)\" holds \(size) of \(total) customers (\(NumberFormat.percent(share))), "
                + "below the minimum of \(minimumCount) customers or \(NumberFormat.percent(minimumShare)): too small to act on"
        }
    }
}
