/// Purchase cycle (seed 002, "time since the last purchase to predict the next one"): days since
/// the last purchase against the customer's own usual gap between purchase days.
public enum PurchaseCycleSegment: String, Sendable, Hashable, CaseIterable {
    case withinCycle = "within-cycle"
    case due
    case overdue
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``PurchaseCycleSegment``: `not-enough-data` with fewer than two purchase days
/// (no gap to compare with); `within-cycle` below `dueFrom` usual gaps since the last purchase,
/// `due` below `overdueFrom`, `overdue` from there.
public struct PurchaseCycleThresholds: Sendable, Hashable {
    public var dueFrom = 1.0
    /// Twice the usual gap, the same line as ``CustomerFeatures/atRisk(_:)``.
    public var overdueFrom = 2.0

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> PurchaseCycleSegment {
        guard let ratio = f.gapRatio(c) else { return .notEnoughData }
        return ratio < dueFrom ? .withinCycle : ratio < overdueFrom ? .due : .overdue
    }
}
