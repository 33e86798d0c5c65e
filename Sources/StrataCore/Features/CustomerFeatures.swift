/// The behavioural features of every customer, one array per feature, indexed by dense id.
///
/// Raw accumulations are stored; ratios and day counts are derived by the accessors below so
/// each definition lives in one place. Days are UTC calendar days.
public struct CustomerFeatures: Sendable {
    /// The as-of day (UTC day number) the features were computed for.
    public var asOfDay: Int64 = 0
    /// False when the orders carried no amounts: revenue is unknown, not zero.
    public var hasAmounts = true

    // Purchases (orders with amount ≥ 0 at or before as-of).
    public var orders: [Int32] = []
    /// Net revenue in cents: purchases minus refunds.
    public var revenueCents: [Int64] = []
    /// Value of the purchases made after the first purchase day, in cents.
    public var repeatPurchaseCents: [Int64] = []
    /// Distinct purchase days (the BTYD transaction count).
    public var purchaseDays: [Int32] = []
    /// First and last purchase day; `Int64.min` when the customer has no purchase.
    public var firstPurchaseDay: [Int64] = []
    public var lastPurchaseDay: [Int64] = []
    public var refunds: [Int32] = []
    public var discountedOrders: [Int32] = []
    public var distinctCategories: [Int32] = []
    /// Most bought category (code into the orders' categories), -1 when none.
    public var topCategory: [Int32] = []

    // Engagement.
    public var touches: [Int32] = []
    public var responses: [Int32] = []
    public var respondedTouches: [Int32] = []
    public var responseSeconds: [Int64] = []
    public var convertedTouches: [Int32] = []
    /// Distinct activity event types used (usage breadth).
    public var activityTypes: [Int32] = []
    /// Last activity (order or non-touch event) time, `Int64.min` when none.
    public var lastActivity: [Int64] = []
    /// First time the customer was seen (signup, order or event), `Int64.min` when never.
    public var firstSeen: [Int64] = []
    /// Longest gap in days between consecutive activities, the current gap included.
    public var longestGapDays: [Int32] = []
    /// Channel with most responses (code into ``channelNames``), -1 when none.
    public var preferredChannel: [Int32] = []
    /// Most frequent hour (0–23) and ISO weekday (1–7) of orders and responses, -1 when none.
    public var preferredHour: [Int8] = []
    public var preferredWeekday: [Int8] = []
    /// Last NPS score given, NaN when none.
    public var npsScore: [Double] = []
    public var supportTickets: [Int32] = []
    public var cartAbandons: [Int32] = []
    /// NPS answers, reviews and support tickets: any feedback at all.
    public var feedbacks: [Int32] = []
    /// Touches on the channel the business touched the customer on most, and how many of them
    /// were answered.
    public var mainChannelTouches: [Int32] = []
    public var mainChannelAnswered: [Int32] = []

    // Behaviour (the behavioural schemes, docs/features.md).
    /// Emails sent to the customer, and how many were opened or clicked within the response window.
    public var emailTouches: [Int32] = []
    public var emailAnswered: [Int32] = []
    /// Median seconds from the first browsing (visit, app open, cart add) after the previous
    /// purchase and within the decision window to a purchase, 0 for a purchase without any; -1
    /// without purchases.
    public var decisionSeconds: [Int64] = []
    /// Browsing events that led up to a purchase (within its decision window).
    public var browsesBeforePurchase: [Int32] = []
    /// Purchases after the customer's first abandoned cart; -1 when no cart was abandoned.
    public var purchasesAfterAbandon: [Int32] = []
    /// Last purchase day that ended a gap of at least ``FeatureSettings/lapseDays``; `Int64.min` when none.
    public var lastReturnDay: [Int64] = []
    /// Geometric mean of the customer's order amounts over their category's (the whole shop's
    /// without categories); 1 is the usual price level, NaN without a priced purchase.
    public var priceIndex: [Double] = []
    /// Purchases in the top category; the second most bought category (-1 when none).
    public var topCategoryOrders: [Int32] = []
    public var secondCategory: [Int32] = []
    /// Orders and responses with a known time, those on Saturday or Sunday, and those in the
    /// customer's most common part of the day (``topDaypart``: 0 night 0–6, 1 morning 6–12,
    /// 2 afternoon 12–18, 3 evening 18–24; -1 when none).
    public var timedActions: [Int32] = []
    public var weekendActions: [Int32] = []
    public var topDaypart: [Int8] = []
    public var topDaypartActions: [Int32] = []
    /// Purchases inside the configured peak periods, and at night (22:00–06:00 UTC).
    public var peakOrders: [Int32] = []
    public var nightOrders: [Int32] = []
    /// Product returns (`return` events).
    public var returns: [Int32] = []
    /// Everything the customer did (orders and events other than the business's touches).
    public var actions: [Int32] = []
    /// The plan status the customer's plan events lead to (``PlanStatus``), -1 without plan events.
    public var planStatus: [Int8] = []

    /// The customer's state at the lifecycle cutoff (``cutoffDay``, `lifecycleWindowDays` before
    /// as-of): purchase days and the last purchase day and activity up to it (`Int64.min`: none),
    /// and whether they bought after it.
    public var cutoffDay: Int64 = 0
    public var purchaseDaysAtCutoff: [Int32] = []
    public var lastPurchaseDayAtCutoff: [Int64] = []
    public var lastActivityDayAtCutoff: [Int64] = []
    public var boughtAfterCutoff: [Bool] = []

    /// Customers who bought in category a and in category b (`categoryPairs[a * categories + b]`,
    /// the diagonal: buyers of a); empty with more than ``FeatureBuilder/pairedCategoryLimit`` categories.
    public var categoryPairs: [Int32] = []

    /// The business's touches per channel (codes into ``channelNames``), over every customer.
    public var channelTouches: [Int] = []
    /// Each category's usual price level (mean log amount, see
    /// ``FeatureBuilder/categoryLogMeans(_:logAmounts:groups:asOf:)``), and that of all purchases last.
    public var priceLevels: [Double] = []

    /// Channel names for ``preferredChannel`` codes.
    public var channelNames: [String] = []
    /// Category names for ``topCategory`` codes.
    public var categoryNames: [String] = []

    public init() {}

    public var count: Int { orders.count }

    // MARK: - Derived features

    public func hasPurchase(_ c: Int) -> Bool { orders[c] > 0 }

    /// Net revenue divided by purchases; nil without purchases.
    public func averageOrderValue(_ c: Int) -> Double? {
        orders[c] > 0 ? Double(revenueCents[c]) / 100 / Double(orders[c]) : nil
    }

    /// Distinct purchase days − 1 (BTYD frequency).
    public func repeatPurchases(_ c: Int) -> Int? { orders[c] > 0 ? Int(purchaseDays[c]) - 1 : nil }

    /// Average value of a repeat purchase day (the Gamma-Gamma input); nil without repeats.
    public func averageRepeatPurchaseValue(_ c: Int) -> Double? {
        purchaseDays[c] > 1 ? Double(repeatPurchaseCents[c]) / 100 / Double(purchaseDays[c] - 1) : nil
    }

    /// Last − first purchase day (BTYD recency).
    public func btydRecencyDays(_ c: Int) -> Int? {
        orders[c] > 0 ? Int(lastPurchaseDay[c] - firstPurchaseDay[c]) : nil
    }

    /// As-of day − first purchase day (BTYD T).
    public func tenureDays(_ c: Int) -> Int? { orders[c] > 0 ? Int(asOfDay - firstPurchaseDay[c]) : nil }

    /// As-of day − last purchase day (the R of RFM).
    public func daysSinceLastPurchase(_ c: Int) -> Int? {
        orders[c] > 0 ? Int(asOfDay - lastPurchaseDay[c]) : nil
    }

    /// Share of touches answered on their channel within the response window; nil without touches.
    public func engagementRate(_ c: Int) -> Double? {
        touches[c] > 0 ? Double(respondedTouches[c]) / Double(touches[c]) : nil
    }

    /// Mean days from a touch to its first response; nil without answered touches.
    public func averageResponseDays(_ c: Int) -> Double? {
        respondedTouches[c] > 0 ? Double(responseSeconds[c]) / 86_400 / Double(respondedTouches[c]) : nil
    }

    /// Share of touches followed by an order within the conversion window; nil without touches.
    public func conversionRate(_ c: Int) -> Double? {
        touches[c] > 0 ? Double(convertedTouches[c]) / Double(touches[c]) : nil
    }

    /// Share of the touches on the customer's main channel that were answered; nil without touches.
    public func mainChannelEngagement(_ c: Int) -> Double? {
        mainChannelTouches[c] > 0 ? Double(mainChannelAnswered[c]) / Double(mainChannelTouches[c]) : nil
    }

    /// Days since the last activity; nil when never active.
    public func currentInactivityDays(_ c: Int) -> Int? {
        lastActivity[c] == Int64.min ? nil : Int(asOfDay - Timestamp.day(lastActivity[c]))
    }

    /// Days since first seen; nil when never seen.
    public func daysSinceFirstSeen(_ c: Int) -> Int? {
        firstSeen[c] == Int64.min ? nil : Int(asOfDay - Timestamp.day(firstSeen[c]))
    }

    /// Share of purchases with a discount; nil without purchases.
    public func discountShare(_ c: Int) -> Double? {
        orders[c] > 0 ? Double(discountedOrders[c]) / Double(orders[c]) : nil
    }

    /// Purchase days per 30 days of tenure, a tenure under 30 days counting as 30 (a first
    /// purchase today is one purchase a month, not thirty).
    public func purchasesPerMonth(_ c: Int) -> Double? {
        guard let tenure = tenureDays(c) else { return nil }
        return Double(purchaseDays[c]) * 30 / Double(max(tenure, 30))
    }

    /// NPS class of the last score: promoter (9–10), passive (7–8), detractor (0–6); nil without one.
    public func npsClass(_ c: Int) -> String? {
        let code = npsClassCode(c)
        return code < 0 ? nil : Self.npsClasses[Int(code)]
    }

    /// The NPS classes, as ``npsClassCode(_:)`` numbers them.
    public static let npsClasses = ["promoter", "passive", "detractor"]

    /// The customer's NPS class as a code into ``npsClasses``: promoters score 9–10, passives
    /// 7–8, detractors 0–6; -1 without a score.
    public func npsClassCode(_ c: Int) -> Int32 {
        let score = npsScore[c]
        guard !score.isNaN else { return -1 }
        return score >= 9 ? 0 : score >= 7 ? 1 : 2
    }

    /// Mean days between purchase days, (last − first) / (purchase days − 1); nil with fewer than two.
    public func usualGapDays(_ c: Int) -> Double? {
        guard purchaseDays[c] > 1, let recency = btydRecencyDays(c) else { return nil }
        return Double(recency) / Double(purchaseDays[c] - 1)
    }

    /// Share of emails sent that were opened or clicked; nil without emails.
    public func emailOpenRate(_ c: Int) -> Double? {
        emailTouches[c] > 0 ? Double(emailAnswered[c]) / Double(emailTouches[c]) : nil
    }

    /// Share of purchases in the top category; nil without categorised purchases.
    public func topCategoryShare(_ c: Int) -> Double? {
        orders[c] > 0 && topCategoryOrders[c] > 0 ? Double(topCategoryOrders[c]) / Double(orders[c]) : nil
    }

    /// Share of timed orders and responses on a weekend; nil without any.
    public func weekendShare(_ c: Int) -> Double? {
        timedActions[c] > 0 ? Double(weekendActions[c]) / Double(timedActions[c]) : nil
    }

    /// Share of purchases inside the peak periods; nil without purchases.
    public func peakShare(_ c: Int) -> Double? { orders[c] > 0 ? Double(peakOrders[c]) / Double(orders[c]) : nil }

    /// Days since the last purchase over the usual gap; nil with fewer than two purchase days.
    public func gapRatio(_ c: Int) -> Double? {
        guard let gap = usualGapDays(c), let since = daysSinceLastPurchase(c) else { return nil }
        return Double(since) / max(gap, 1)
    }

    /// Actions per 30 days since first seen (at least 30 days).
    public func actionsPerMonth(_ c: Int) -> Double? {
        guard let seen = daysSinceFirstSeen(c), actions[c] > 0 else { return nil }
        return Double(actions[c]) * 30 / Double(max(seen, 30))
    }

    /// At risk of churn: no purchase for longer than twice the customer's usual gap between
    /// purchase days, and at least 90 days (one-time buyers: 90 days); everyone without a purchase.
    /// The usual gap is the mean gap between purchase days: (last − first) / (purchase days − 1).
    public func atRisk(_ c: Int) -> Bool {
        guard let since = daysSinceLastPurchase(c), let recency = btydRecencyDays(c) else { return true }
        let days = Int(purchaseDays[c])
        let usualGap = days > 1 ? Double(recency) / Double(days - 1) : 0
        return Double(since) > max(90, 2 * usualGap)
    }
}
