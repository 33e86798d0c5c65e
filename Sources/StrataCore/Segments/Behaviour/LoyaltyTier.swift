/// Loyalty tiers (seed 002, "the most loyal customers, highest lifetime value, for loyalty
/// programmes"): buyers ranked by CLV (revenue when no model was fitted).
public enum LoyaltyTier: String, Sendable, Hashable, CaseIterable {
    /// The top `goldShare` (5%).
    case gold
    /// The next `silverShare` (15%).
    case silver
    /// Every other buyer.
    case bronze
    case notEnoughData = "not-enough-data"
}

/// Shares of ``LoyaltyTier``; `not-enough-data`: no purchase.
public struct LoyaltyThresholds: Sendable, Hashable {
    public var goldShare = 0.05
    public var silverShare = 0.15

    public init() {}

    /// The lowest value of the gold and silver tiers (nil when the tier is empty).
    public struct Floors: Sendable, Hashable {
        public var gold: Double?
        public var silver: Double?
    }

    /// Each customer's tier and the floors, from their value (NaN: not a buyer). Customers of the
    /// same value share a tier: the floor is the value at the tier's share of buyers, and every
    /// buyer at or above it is in.
    public func tiers(_ value: [Double]) -> (tiers: [LoyaltyTier], floors: Floors) {
        var known = value.filter { !$0.isNaN }
        /// The n-th largest value, n the share of the known values rounded down.
        func floor(_ share: Double) -> Double? {
            let n = Int((Double(known.count) * share).rounded(.down))
            return n > 0 ? OrderStatistic.select(&known, rank: known.count - n) : nil
        }
        let floors = Floors(gold: floor(goldShare), silver: floor(goldShare + silverShare))
        return (value.map { Self.tier($0, floors: floors) }, floors)
    }

    /// The tier of a customer of this value, given the tiers' floors.
    public static func tier(_ value: Double, floors: Floors) -> LoyaltyTier {
        if value.isNaN { return .notEnoughData }
        if let gold = floors.gold, value >= gold { return .gold }
        if let silver = floors.silver, value >= silver { return .silver }
        return .bronze
    }
}
