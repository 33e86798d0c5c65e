/// The knobs of feature computation. Defaults follow the seed's definitions and are documented
/// in docs/features.md.
public struct FeatureSettings: Sendable, Hashable {
    /// Only orders and events at or before this time count (UTC epoch seconds).
    public var asOf: Int64
    /// A response counts for a touch when it comes on the touch's channel within this many days
    /// and before the next touch on that channel.
    public var responseWindowDays: Int = 30
    /// A touch converts when the customer orders within this many days after it.
    public var conversionWindowDays: Int = 7
    /// A customer first seen (signup, first order or first event) this recently is `new`.
    public var newCustomerDays: Int = 30
    /// A purchase after at least this many days without one is a return (the lifecycle's
    /// `reactivated` stage).
    public var lapseDays: Int = 180
    /// The lifecycle's state model learns from the customers' state this many days before as-of
    /// and whether they bought since (``CustomerFeatures/cutoffDay``).
    public var lifecycleWindowDays: Int = 180
    /// Browsing (visits, app opens, cart adds) this long before a purchase counts toward its
    /// decision time.
    public var decisionWindowDays: Int = 30
    /// The business's peak periods (holidays, sales): purchases inside them make a seasonal buyer.
    public var peakPeriods: [PeakPeriod] = [PeakPeriod(from: (11, 20), to: (12, 31))]

    public init(asOf: Int64) { self.asOf = asOf }

    /// The default knobs (as-of aside).
    public static let defaults = FeatureSettings(asOf: 0)
}

/// A period of the year, inclusive, given as month and day; it may wrap the new year (Dec 20 – Jan 10).
public struct PeakPeriod: Sendable, Hashable, CustomStringConvertible {
    public var fromMonth: Int, fromDay: Int, toMonth: Int, toDay: Int

    public init(from: (month: Int, day: Int), to: (month: Int, day: Int)) {
        (fromMonth, fromDay, toMonth, toDay) = (from.month, from.day, to.month, to.day)
    }

    /// Whether a UTC day falls inside the period.
    public func contains(day: Int64) -> Bool {
        let c = Timestamp.civil(fromDays: day)
        let key = c.month * 100 + c.day, from = fromMonth * 100 + fromDay, to = toMonth * 100 + toDay
        return from <= to ? (from...to).contains(key) : key >= from || key <= to
    }

    /// "11-20..12-31".
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(fromMonth))-\(two(fromDay))..\(two(toMonth))-\(two(toDay))"
    }
}
