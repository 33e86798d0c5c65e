/// Purchase experience (seed 002, "how long the decision takes; abandoned carts"): the customer's
/// median decision time, from the first browsing (visit, app open, cart add) after their previous
/// purchase and within the decision window to the purchase; a purchase with no browsing before it
/// takes no time.
public enum PurchaseExperienceSegment: String, Sendable, Hashable, CaseIterable {
    case oneClick = "one-click"
    case quickDecider = "quick-decider"
    case considered
    case cartAbandoner = "cart-abandoner"
    case notEnoughData = "not-enough-data"
}

/// Thresholds of ``PurchaseExperienceSegment``. Rules, first match wins:
/// 1. `cart-abandoner`: abandoned a cart and bought nothing since.
/// 2. `not-enough-data`: no purchase, or no event of any kind (nothing shows how they decide).
/// 3. `one-click`: median decision time at most `oneClickMinutes`.
/// 4. `quick-decider`: at most `quickHours`.
/// 5. `considered`: longer.
public struct PurchaseExperienceThresholds: Sendable, Hashable {
    /// Ten minutes: straight from a link or a saved basket to the order.
    public var oneClickMinutes = 10.0
    /// A day: decided within the same day or night.
    public var quickHours = 24.0

    public init() {}

    public func segment(of c: Int, in f: CustomerFeatures) -> PurchaseExperienceSegment {
        if f.purchasesAfterAbandon[c] == 0 { return .cartAbandoner }
        let events = Int(f.actions[c]) - Int(f.orders[c]) - Int(f.refunds[c])
        guard f.orders[c] > 0, events > 0, f.decisionSeconds[c] >= 0 else { return .notEnoughData }
        let seconds = Double(f.decisionSeconds[c])
        if seconds <= oneClickMinutes * 60 { return .oneClick }
        return seconds <= quickHours * 3600 ? .quickDecider : .considered
    }
}
