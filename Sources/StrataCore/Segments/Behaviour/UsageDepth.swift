/// Usage depth and quality (seed 002, "how often and how much, and the quality of use"): actions
/// a month (orders and events other than the business's touches, per 30 days since first seen)
/// × breadth (distinct categories bought plus distinct kinds of activity). The narrow heavy
/// users are the ones the seed calls at risk: much use of a small part of the offer.
public enum UsageSegment: String, Sendable, Hashable, CaseIterable {
    case heavyBroad = "heavy-broad"
    case heavyNarrow = "heavy-narrow"
    case mediumBroad = "medium-broad"
    case mediumNarrow = "medium-narrow"
    case lightBroad = "light-broad"
    case lightNarrow = "light-narrow"
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``UsageSegment``: heavy from `heavyFrom` actions a month, medium from
/// `mediumFrom`, light below; broad from `broadFrom` distinct areas (categories + kinds of
/// activity), narrow below. `not-enough-data`: no action at all.
public struct UsageThresholds: Sendable, Hashable {
    /// Twice a week.
    public var heavyFrom = 8.0
    /// Every other week.
    public var mediumFrom = 2.0
    public var broadFrom = 4.0

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> UsageSegment {
        guard let rate = f.actionsPerMonth(c) else { return .notEnoughData }
        let broad = Double(f.distinctCategories[c] + f.activityTypes[c]) >= broadFrom
        if rate >= heavyFrom { return broad ? .heavyBroad : .heavyNarrow }
        if rate >= mediumFrom { return broad ? .mediumBroad : .mediumNarrow }
        return broad ? .lightBroad : .lightNarrow
    }
}
