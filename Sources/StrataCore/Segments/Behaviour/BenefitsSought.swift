/// Benefits sought (seed 002, "price, quality, a feature — visible in which products and
/// categories they choose"): discounts and the price level the customer buys at within each
/// category (``CustomerFeatures/priceIndex``), and how much they keep to one category.
public enum BenefitSegment: String, Sendable, Hashable, CaseIterable {
    case priceDriven = "price-driven"
    case premium
    case categoryLoyal = "category-loyal"
    case noClearPreference = "no-clear-preference"
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``BenefitSegment``. Rules, first match wins:
/// 1. `not-enough-data`: fewer than `minimumOrders` purchases.
/// 2. `price-driven`: at least `discountFrom` of purchases on discount, or a price index at most `cheapBelow`.
/// 3. `premium`: a price index of at least `premiumFrom`.
/// 4. `category-loyal`: at least `loyalFrom` of purchases in one category.
/// 5. `no-clear-preference`: the rest.
public struct BenefitThresholds: Sendable, Hashable {
    public var minimumOrders = 3.0
    /// Half the purchases on discount: the discount is part of the reason to buy.
    public var discountFrom = 0.5
    /// Baskets at 70% of the category's usual price or less.
    public var cheapBelow = 0.7
    /// Baskets at 1.5× the category's usual price or more.
    public var premiumFrom = 1.5
    public var loyalFrom = 0.75

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> BenefitSegment {
        guard Double(f.orders[c]) >= minimumOrders else { return .notEnoughData }
        let price = f.priceIndex[c]
        if (f.discountShare(c) ?? 0) >= discountFrom || price <= cheapBelow { return .priceDriven }
        if price >= premiumFrom { return .premium }
        if let share = f.topCategoryShare(c), share >= loyalFrom, f.categoryNames.count > 1 { return .categoryLoyal }
        return .noClearPreference
    }
}
