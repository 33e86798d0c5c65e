/// Purchase behaviour types (seed 002): price-sensitive, the rational "smart shopper",
/// risk-averse and impulsive buyers.
public enum ShopperType: String, Sendable, Hashable, CaseIterable {
    case impulsive
    case smartShopper = "smart-shopper"
    case priceSensitive = "price-sensitive"
    case riskAverse = "risk-averse"
    case mixed
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``ShopperType``. Rules, first match wins:
/// 1. `not-enough-data`: fewer than `minimumOrders` purchases.
/// 2. `impulsive`: median decision time at most `impulsiveMinutes`, at least `nightFrom` of
///    purchases at night (22–06 UTC) and, when orders carry categories, at least `varietyFrom`
///    categories bought.
/// 3. `smart-shopper`: compares before buying (at least `browsesPerPurchase` browsing events per
///    purchase) and buys on discount (at least `smartDiscountFrom` of purchases).
/// 4. `price-sensitive`: at least `discountFrom` of purchases on discount, or a price index at
///    most `cheapBelow`.
/// 5. `risk-averse`: at least `repeatCategoryFrom` of purchases in one category, nothing refunded
///    or returned.
/// 6. `mixed`: the rest.
public struct ShopperThresholds: Sendable, Hashable {
    public var minimumOrders = 3.0
    public var impulsiveMinutes = 60.0
    public var nightFrom = 0.3
    public var varietyFrom = 3.0
    public var browsesPerPurchase = 3.0
    public var smartDiscountFrom = 0.3
    public var discountFrom = 0.5
    public var cheapBelow = 0.7
    public var repeatCategoryFrom = 0.7

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> ShopperType {
        let orders = Double(f.orders[c])
        guard orders >= minimumOrders else { return .notEnoughData }
        let discount = f.discountShare(c) ?? 0
        let decision = f.decisionSeconds[c]
        let events = Int(f.actions[c]) - Int(f.orders[c]) - Int(f.refunds[c])
        if events > 0, decision >= 0, Double(decision) <= impulsiveMinutes * 60, Double(f.nightOrders[c]) / orders >= nightFrom,
           f.categoryNames.isEmpty || Double(f.distinctCategories[c]) >= varietyFrom {
            return .impulsive
        }
        if Double(f.browsesBeforePurchase[c]) / orders >= browsesPerPurchase, discount >= smartDiscountFrom { return .smartShopper }
        if discount >= discountFrom || f.priceIndex[c] <= cheapBelow { return .priceSensitive }
        if let share = f.topCategoryShare(c), share >= repeatCategoryFrom, f.refunds[c] + f.returns[c] == 0 { return .riskAverse }
        return .mixed
    }
}
