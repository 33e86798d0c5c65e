/// Occasion (seed 002, "holidays, day of week"): seasonal buyers (purchases in the configured peak
/// periods, ``FeatureSettings/peakPeriods``), weekend and weekday customers (orders and email
/// opens or clicks by day of week).
public enum OccasionSegment: String, Sendable, Hashable, CaseIterable {
    case seasonal
    case weekend
    case weekday
    case anyDay = "any-day"
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``OccasionSegment``. Rules, first match wins:
/// 1. `not-enough-data`: fewer than `minimumOrders` purchases or `minimumActions` timed actions.
/// 2. `seasonal`: at least `seasonalFrom` of purchases in a peak period.
/// 3. `weekend`: at least `weekendFrom` of timed actions on Saturday or Sunday (2 days in 7 is 29%).
/// 4. `weekday`: at most `weekdayBelow` of them.
/// 5. `any-day`: the rest.
public struct OccasionThresholds: Sendable, Hashable {
    public var minimumOrders = 3.0
    /// Ten timed actions: fewer cannot tell a weekday habit from chance (2 days in 7).
    public var minimumActions = 10.0
    /// The default peak (Nov 20 – Dec 31) is 11% of the year: half the purchases there is 4.5× chance.
    public var seasonalFrom = 0.5
    public var weekendFrom = 0.6
    /// Five in a hundred: ten weekday actions in a row happen by chance 3% of the time.
    public var weekdayBelow = 0.05

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> OccasionSegment {
        guard Double(f.orders[c]) >= minimumOrders, Double(f.timedActions[c]) >= minimumActions else { return .notEnoughData }
        if (f.peakShare(c) ?? 0) >= seasonalFrom { return .seasonal }
        guard let weekend = f.weekendShare(c) else { return .anyDay }
        if weekend >= weekendFrom { return .weekend }
        return weekend <= weekdayBelow ? .weekday : .anyDay
    }
}
