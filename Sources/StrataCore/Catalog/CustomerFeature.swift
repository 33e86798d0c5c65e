/// Every per-customer column Strata computes, in `customers.csv` order: its name, type, unit,
/// one-line meaning and value. It drives `customers.csv`, the segment language's fields, the
/// report's read-back of a run and the column table of docs/outputs.md.
public enum CustomerFeature: String, CaseIterable, Sendable {
    case customerID = "customer_id"
    case firstPurchase = "first_purchase"
    case lastPurchase = "last_purchase"
    case orders
    case revenue
    case averageOrderValue = "avg_order_value"
    case recencyDays = "recency_days"
    case tenureDays = "tenure_days"
    case repeatPurchases = "repeat_purchases"
    case btydRecencyDays = "btyd_recency_days"
    case rScore = "r_score"
    case fScore = "f_score"
    case mScore = "m_score"
    case rfmSegment = "rfm_segment"
    case touches
    case responses
    case engagementRate = "engagement_rate"
    case averageResponseDays = "avg_response_days"
    case conversionRate = "conversion_rate"
    case currentInactivityDays = "current_inactivity_days"
    case longestInactivityDays = "longest_inactivity_days"
    case usageBreadth = "usage_breadth"
    case categories
    case topCategory = "top_category"
    case preferredChannel = "preferred_channel"
    case preferredHour = "preferred_hour"
    case preferredWeekday = "preferred_weekday"
    case discountShare = "discount_share"
    case refunds
    case npsScore = "nps_score"
    case npsClass = "nps_class"
    case supportTickets = "support_tickets"
    case cartAbandons = "cart_abandons"
    case atRisk = "at_risk"
    case activitySegment = "activity_segment"
    case leastEngagedSigns = "least_engaged_signs"
    case leastEngagedReasons = "least_engaged_reasons"
    // The behavioural schemes (seed 002): each one's inputs and its segment.
    case emailsSent = "emails_sent"
    case emailOpenRate = "email_open_rate"
    case emailActivity = "email_activity"
    case decisionHours = "decision_hours"
    case purchaseExperience = "purchase_experience"
    case lifecycleStage = "lifecycle_stage"
    case lifecycleNext = "lifecycle_next"
    case pProspect = "p_prospect"
    case pNew = "p_new"
    case pActive = "p_active"
    case pAtRisk = "p_at_risk"
    case pLapsed = "p_lapsed"
    case pReactivated = "p_reactivated"
    case priceIndex = "price_index"
    case topCategoryShare = "top_category_share"
    case benefitSought = "benefit_sought"
    case actionsPerMonth = "actions_per_month"
    case usageLevel = "usage_level"
    case weekendShare = "weekend_share"
    case peakShare = "peak_share"
    case occasion
    case daypart
    case usualGapDays = "usual_gap_days"
    case gapRatio = "gap_ratio"
    case purchaseCycle = "purchase_cycle"
    case satisfactionScore = "satisfaction_score"
    case satisfaction
    case loyaltyTier = "loyalty_tier"
    case secondCategory = "second_category"
    case relatedCategory = "related_category"
    case interest
    case userStatus = "user_status"
    case shopperType = "shopper_type"
    // Lifetime-model outputs: present when a purchase model was fitted.
    case pAlive = "p_alive"
    case churnRisk = "churn_risk"
    /// Named `expected_purchases_<H>` after the horizon H in days.
    case expectedPurchases = "expected_purchases"
    case nextOrderDate = "next_order_date"
    // Present when the spend model was fitted too.
    case expectedAOV = "expected_aov"
    case clv

    public var type: FieldType {
        switch self {
        case .customerID, .rfmSegment, .topCategory, .preferredChannel, .npsClass, .activitySegment, .churnRisk, .leastEngagedReasons: return .text
        case .emailActivity, .purchaseExperience, .lifecycleStage, .lifecycleNext, .benefitSought, .usageLevel, .occasion, .daypart, .purchaseCycle, .satisfaction, .loyaltyTier, .secondCategory, .relatedCategory, .interest, .userStatus, .shopperType:
            return .text
        case .firstPurchase, .lastPurchase, .nextOrderDate: return .date
        case .atRisk: return .bool
        case .orders, .revenue, .averageOrderValue, .repeatPurchases, .btydRecencyDays, .tenureDays, .recencyDays,
             .rScore, .fScore, .mScore, .touches, .responses, .engagementRate, .averageResponseDays, .conversionRate,
             .currentInactivityDays, .longestInactivityDays, .usageBreadth, .categories, .preferredHour, .preferredWeekday,
             .discountShare, .refunds, .npsScore, .supportTickets, .cartAbandons, .leastEngagedSigns, .pAlive, .expectedPurchases, .expectedAOV, .clv:
            return .number
        case .emailsSent, .emailOpenRate, .decisionHours, .pProspect, .pNew, .pActive, .pAtRisk, .pLapsed, .pReactivated, .priceIndex, .topCategoryShare, .actionsPerMonth, .weekendShare, .peakShare, .usualGapDays, .gapRatio, .satisfactionScore:
            return .number
        }
    }

    /// The unit of a number ("" for counts, scores and texts).
    public var unit: String {
        switch self {
        case .revenue, .averageOrderValue, .expectedAOV, .clv: return "currency"
        case .btydRecencyDays, .tenureDays, .recencyDays, .averageResponseDays, .currentInactivityDays,
             .longestInactivityDays: return "days"
        case .engagementRate, .conversionRate, .discountShare, .pAlive, .emailOpenRate, .topCategoryShare, .weekendShare, .peakShare:
            return "share 0–1"
        case .pProspect, .pNew, .pActive, .pAtRisk, .pLapsed, .pReactivated: return "probability 0–1"
        case .usualGapDays: return "days"
        case .decisionHours: return "hours"
        case .satisfactionScore: return "0–10"
        case .preferredHour: return "hour 0–23 UTC"
        case .preferredWeekday: return "1 = Monday … 7 = Sunday"
        case .firstPurchase, .lastPurchase, .nextOrderDate: return "yyyy-MM-dd"
        case .rScore, .fScore, .mScore: return "1–5, 0 without a purchase"
        case .npsScore: return "0–10"
        default: return ""
        }
    }

    /// One line on what the column holds (docs/features.md has the full definitions).
    public var meaning: String {
        switch self {
        case .customerID: return "the customer's id"
        case .firstPurchase: return "day of the first purchase"
        case .lastPurchase: return "day of the last purchase"
        case .orders: return "orders with amount ≥ 0 (refunds excluded)"
        case .revenue: return "net revenue, refunds included"
        case .averageOrderValue: return "revenue / orders"
        case .repeatPurchases: return "distinct purchase days − 1 (the BTYD models' frequency x)"
        case .btydRecencyDays: return "last purchase day − first purchase day (the BTYD models' recency tₓ)"
        case .tenureDays: return "as-of day − first purchase day (the BTYD models' T)"
        case .recencyDays: return "days since the last purchase: as-of day − last purchase day (the R of RFM)"
        case .rScore: return "recency score"
        case .fScore: return "frequency score"
        case .mScore: return "monetary score"
        case .rfmSegment: return "named RFM segment"
        case .touches: return "messages the business sent (email, SMS, push, call)"
        case .responses: return "responses to touches"
        case .engagementRate: return "answered touches / touches"
        case .averageResponseDays: return "mean time from a touch to its answer"
        case .conversionRate: return "touches followed by a purchase within 7 days / touches"
        case .currentInactivityDays: return "days since the last activity"
        case .longestInactivityDays: return "longest gap between activities, the current one included"
        case .usageBreadth: return "distinct activity event types used"
        case .categories: return "distinct order categories"
        case .topCategory: return "the most bought category"
        case .preferredChannel: return "channel with most responses"
        case .preferredHour: return "most frequent hour of orders and responses"
        case .preferredWeekday: return "most frequent weekday of orders and responses"
        case .discountShare: return "share of orders with a discount"
        case .refunds: return "refund count"
        case .npsScore: return "last NPS answer"
        case .npsClass: return "promoter 9–10, passive 7–8, detractor 0–6"
        case .supportTickets: return "support tickets"
        case .cartAbandons: return "abandoned carts"
        case .atRisk: return "1 when the days since the last purchase exceed 90 and twice the usual gap"
        case .activitySegment: return "engagement segment (active, passive, least-engaged, new, no-interactions)"
        case .leastEngagedSigns:
            return "how many of the seven signs of disengagement the customer shows (\(ActivityThresholds().leastEngagedSigns) or more: least-engaged)"
        case .leastEngagedReasons: return "those signs, e.g. rare_answers+no_feedback+off_channel"
        case .emailsSent: return "emails the business sent"
        case .emailOpenRate: return "emails opened or clicked / emails sent"
        case .emailActivity: return "reads-actively, reads-sometimes, never-reads or not-enough-data"
        case .decisionHours: return "median time from the first browsing before a purchase to the purchase"
        case .purchaseExperience: return "one-click, quick-decider, considered, cart-abandoner or not-enough-data"
        case .lifecycleStage: return "most likely stage: prospect, new, active, at-risk, lapsed or reactivated"
        case .lifecycleNext: return "the most likely stage in 30 days if the customer buys nothing"
        case .pProspect: return "probability of the prospect stage (1 without a purchase)"
        case .pNew: return "probability of the new stage"
        case .pActive: return "probability of the active stage"
        case .pAtRisk: return "probability of the at-risk stage"
        case .pLapsed: return "probability the customer has stopped buying"
        case .pReactivated: return "probability of the reactivated stage"
        case .priceIndex: return "price level bought at: geometric mean of amount / category's, 1 = usual"
        case .topCategoryShare: return "share of purchases in the top category"
        case .benefitSought: return "price-driven, premium, category-loyal, no-clear-preference or not-enough-data"
        case .actionsPerMonth: return "orders and events (not touches) per 30 days since first seen"
        case .usageLevel: return "heavy, medium or light × broad or narrow, or not-enough-data"
        case .weekendShare: return "share of orders and responses on Saturday or Sunday"
        case .peakShare: return "share of purchases in the peak periods"
        case .occasion: return "seasonal, weekend, weekday, any-day or not-enough-data"
        case .daypart: return "night, morning, afternoon, evening, any-time or not-enough-data"
        case .usualGapDays: return "mean days between purchase days"
        case .gapRatio: return "days since the last purchase / usual gap"
        case .purchaseCycle: return "within-cycle, due, overdue or not-enough-data"
        case .satisfactionScore: return "NPS answer moved by behaviour, or behaviour alone"
        case .satisfaction: return "promoter, passive, detractor or not-enough-data"
        case .loyaltyTier: return "gold (top 5% by CLV, or revenue), silver (next 15%), bronze or not-enough-data"
        case .secondCategory: return "the second most bought category"
        case .relatedCategory: return "a category the top category's buyers also buy (by lift), to suggest"
        case .interest: return "the interests segment: top category, other or not-enough-data"
        case .userStatus: return "trial, paying, free, churned, reactivated or not-enough-data (plan events)"
        case .shopperType: return "impulsive, smart-shopper, price-sensitive, risk-averse, mixed or not-enough-data"
        case .pAlive: return "probability the customer is still active"
        case .churnRisk: return "low (p_alive ≥ \(ChurnRisk.lowFrom)), medium (≥ \(ChurnRisk.mediumFrom)) or high"
        case .expectedPurchases: return "expected purchase days in the next H days"
        case .nextOrderDate: return "as-of + median time to the next purchase; empty when p_alive < 0.05"
        case .expectedAOV: return "expected value of a future purchase (Gamma-Gamma)"
        case .clv: return "discounted value of the expected purchases over the horizon"
        }
    }

    /// The scheme whose segment the column holds, if it is a segment column.
    public var scheme: SegmentScheme? { SegmentScheme.allCases.first { $0.column == rawValue } }

    /// The column's name (the expected purchases carry the horizon in days).
    public func name(horizonDays: Int) -> String {
        self == .expectedPurchases ? "\(rawValue)_\(horizonDays)" : rawValue
    }

    /// The columns an analysis has: every feature, and the model outputs its models give.
    public static func columns(lifetime: LifetimeAnalysis?) -> [CustomerFeature] {
        allCases.filter { feature in feature.isPresent(lifetime: lifetime) }
    }

    /// Whether an analysis with these models has the column: model outputs need the models.
    public func isPresent(lifetime: LifetimeAnalysis?) -> Bool {
        switch self {
        case .pAlive, .churnRisk, .expectedPurchases, .nextOrderDate: return lifetime != nil
        case .expectedAOV, .clv: return lifetime?.spendFit != nil
        case .customerID, .firstPurchase, .lastPurchase, .orders, .revenue, .averageOrderValue, .repeatPurchases, .btydRecencyDays,
             .tenureDays, .recencyDays, .rScore, .fScore, .mScore, .rfmSegment, .touches, .responses, .engagementRate,
             .averageResponseDays, .conversionRate, .currentInactivityDays, .longestInactivityDays, .usageBreadth, .categories,
             .topCategory, .preferredChannel, .preferredHour, .preferredWeekday, .discountShare, .refunds, .npsScore, .npsClass,
             .supportTickets, .cartAbandons, .atRisk, .activitySegment, .leastEngagedSigns, .leastEngagedReasons,
             .emailsSent, .emailOpenRate, .decisionHours, .pProspect, .pNew, .pActive, .pAtRisk, .pLapsed, .pReactivated, .priceIndex, .topCategoryShare, .actionsPerMonth, .weekendShare, .peakShare, .usualGapDays, .gapRatio, .satisfactionScore,
             .emailActivity, .purchaseExperience, .lifecycleStage, .lifecycleNext, .benefitSought, .usageLevel, .occasion, .daypart, .purchaseCycle, .satisfaction, .loyaltyTier, .secondCategory, .relatedCategory, .interest, .userStatus, .shopperType:
            return true
        }
    }

    /// The column names of an analysis, in order.
    public static func names(lifetime: LifetimeAnalysis?) -> [String] {
        columns(lifetime: lifetime).map { $0.name(horizonDays: Int(lifetime?.settings.horizon ?? 0)) }
    }

    /// Names of earlier versions and the column that holds the same value now (docs/changes.md).
    public static let renamed = ["days_since_last_purchase": CustomerFeature.recencyDays.rawValue]

    /// "'old' was renamed 'new'" when `name` is an earlier version's name.
    public static func renameNote(_ name: String) -> String? {
        renamed[name].map { "'\(name)' was renamed '\($0)'" }
    }

    /// The feature a name may be a typo of (edit distance at most 2), if any.
    public static func nearest(to name: String) -> CustomerFeature? {
        allCases.filter { abs($0.rawValue.count - name.count) <= 2 }.map { ($0, editDistance(name, $0.rawValue)) }
            .filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    /// Customer `c`'s value.
    public func value(_ c: Int, _ s: Segmentation, _ predictions: CustomerPredictions?, ids: ByteStringTable) -> FeatureValue {
        func days(_ v: Int?) -> FeatureValue { v.map { .int(Int64($0)) } ?? .missing }
        func decimal(_ v: Double?) -> FeatureValue { v.map { .decimal($0) } ?? .missing }
        func segment(_ scheme: SegmentScheme) -> FeatureValue { s.schemes.contains(scheme) ? .text(s.segment(scheme, c)) : .missing }
        // The behavioural schemes' ratios and probabilities, to four decimals: finer is noise, and
        // a million customers' worth of 17-digit numbers doubles customers.csv.
        func four(_ v: Double?) -> FeatureValue { v.flatMap { $0.isFinite ? .decimal(($0 * 10_000).rounded() / 10_000) : nil } ?? .missing }
        // Read through `s` and `predictions` directly: a local copy of the feature table would retain
        // every one of its columns, for every field of every customer.
        switch self {
        case .customerID: return .text(ids.string(c))
        case .firstPurchase: return s.features.hasPurchase(c) ? .day(s.features.firstPurchaseDay[c]) : .missing
        case .lastPurchase: return s.features.hasPurchase(c) ? .day(s.features.lastPurchaseDay[c]) : .missing
        case .orders: return .int(Int64(s.features.orders[c]))
        // Without amounts in the orders, spend is unknown, not zero.
        case .revenue: return s.features.hasAmounts ? .cents(s.features.revenueCents[c]) : .missing
        case .averageOrderValue: return s.features.hasAmounts ? decimal(s.features.averageOrderValue(c)) : .missing
        case .repeatPurchases: return days(s.features.repeatPurchases(c))
        case .btydRecencyDays: return days(s.features.btydRecencyDays(c))
        case .tenureDays: return days(s.features.tenureDays(c))
        case .recencyDays: return days(s.features.daysSinceLastPurchase(c))
        case .rScore: return .int(Int64(s.scores.recency[c]))
        case .fScore: return .int(Int64(s.scores.frequency[c]))
        case .mScore: return s.features.hasAmounts ? .int(Int64(s.scores.monetary[c])) : .missing
        case .rfmSegment: return .text(s.rfm[c].rawValue)
        case .touches: return .int(Int64(s.features.touches[c]))
        case .responses: return .int(Int64(s.features.responses[c]))
        case .engagementRate: return decimal(s.features.engagementRate(c))
        case .averageResponseDays: return decimal(s.features.averageResponseDays(c))
        case .conversionRate: return decimal(s.features.conversionRate(c))
        case .currentInactivityDays: return days(s.features.currentInactivityDays(c))
        case .longestInactivityDays: return s.features.lastActivity[c] == Int64.min ? .missing : .int(Int64(s.features.longestGapDays[c]))
        case .usageBreadth: return .int(Int64(s.features.activityTypes[c]))
        case .categories: return .int(Int64(s.features.distinctCategories[c]))
        case .topCategory: return s.features.topCategory[c] >= 0 ? .text(s.features.categoryNames[Int(s.features.topCategory[c])]) : .missing
        case .preferredChannel: return s.features.preferredChannel[c] >= 0 ? .text(s.features.channelNames[Int(s.features.preferredChannel[c])]) : .missing
        case .preferredHour: return s.features.preferredHour[c] >= 0 ? .int(Int64(s.features.preferredHour[c])) : .missing
        case .preferredWeekday: return s.features.preferredWeekday[c] >= 0 ? .int(Int64(s.features.preferredWeekday[c])) : .missing
        case .discountShare: return decimal(s.features.discountShare(c))
        case .refunds: return .int(Int64(s.features.refunds[c]))
        case .npsScore: return s.features.npsScore[c].isNaN ? .missing : .decimal(s.features.npsScore[c])
        case .npsClass: return s.features.npsClass(c).map { .text($0) } ?? .missing
        case .supportTickets: return .int(Int64(s.features.supportTickets[c]))
        case .cartAbandons: return .int(Int64(s.features.cartAbandons[c]))
        case .atRisk: return .flag(s.features.atRisk(c))
        case .activitySegment: return s.schemes.contains(.activity) ? .text(s.activity[c].rawValue) : .missing
        case .leastEngagedSigns: return s.schemes.contains(.activity) ? .int(Int64(s.signs.signs[c].count)) : .missing
        case .leastEngagedReasons: return s.schemes.contains(.activity) ? .text(s.signs.signs[c].names) : .missing
        case .emailsSent: return .int(Int64(s.features.emailTouches[c]))
        case .emailOpenRate: return four(s.features.emailOpenRate(c))
        case .emailActivity: return segment(.email)
        case .decisionHours: return s.features.decisionSeconds[c] < 0 ? .missing : four(Double(s.features.decisionSeconds[c]) / 3600)
        case .purchaseExperience: return segment(.experience)
        case .lifecycleStage: return segment(.lifecycle)
        case .lifecycleNext: return .text(s.behaviour.lifecycle.next[c].rawValue)
        case .pProspect: return four(s.behaviour.lifecycle.probability(c, .prospect))
        case .pNew: return four(s.behaviour.lifecycle.probability(c, .new))
        case .pActive: return four(s.behaviour.lifecycle.probability(c, .active))
        case .pAtRisk: return four(s.behaviour.lifecycle.probability(c, .atRisk))
        case .pLapsed: return four(s.behaviour.lifecycle.probability(c, .lapsed))
        case .pReactivated: return four(s.behaviour.lifecycle.probability(c, .reactivated))
        case .priceIndex: return four(s.features.priceIndex[c])
        case .topCategoryShare: return four(s.features.topCategoryShare(c))
        case .benefitSought: return segment(.benefits)
        case .actionsPerMonth: return four(s.features.actionsPerMonth(c))
        case .usageLevel: return segment(.usage)
        case .weekendShare: return four(s.features.weekendShare(c))
        case .peakShare: return four(s.features.peakShare(c))
        case .occasion: return segment(.occasion)
        case .daypart: return segment(.daypart)
        case .usualGapDays: return four(s.features.usualGapDays(c))
        case .gapRatio: return four(s.features.gapRatio(c))
        case .purchaseCycle: return segment(.cycle)
        case .satisfactionScore: return four(s.behaviour.satisfactionScore[c])
        case .satisfaction: return segment(.satisfaction)
        case .loyaltyTier: return segment(.loyalty)
        case .secondCategory: return s.features.secondCategory[c] >= 0 ? .text(s.features.categoryNames[Int(s.features.secondCategory[c])]) : .missing
        case .relatedCategory:
            let related = s.behaviour.interests.related(of: c, in: s.features)
            return related >= 0 ? .text(s.features.categoryNames[Int(related)]) : .missing
        case .interest: return segment(.interests)
        case .userStatus: return segment(.status)
        case .shopperType: return segment(.shopper)
        case .pAlive, .churnRisk, .expectedPurchases, .nextOrderDate, .expectedAOV, .clv:
            return modelValue(c, predictions, asOfDay: s.features.asOfDay)
        }
    }
}

extension CustomerFeature {
    /// Customer `c`'s value of a lifetime-model column (missing for the other columns).
    public func modelValue(_ c: Int, _ predictions: CustomerPredictions?, asOfDay: Int64) -> FeatureValue {
        func prediction(_ values: [Double]?) -> FeatureValue {
            guard let values, !values.isEmpty, values[c].isFinite else { return .missing }
            return .decimal(values[c])
        }
        switch self {
        case .pAlive: return prediction(predictions?.pAlive)
        case .churnRisk:
            guard let p = predictions?.pAlive, !p.isEmpty, let level = ChurnRisk(pAlive: p[c]) else { return .missing }
            return .text(level.rawValue)
        case .expectedPurchases: return prediction(predictions?.expectedPurchases)
        case .nextOrderDate:
            guard let wait = predictions?.nextPurchaseIn[c], wait.isFinite, wait < 1e6 else { return .missing }
            return .day(asOfDay + Int64(wait.rounded()))
        case .expectedAOV: return prediction(predictions?.expectedAverageSpend)
        case .clv: return prediction(predictions?.clv)
        default: return .missing
        }
    }

    /// The lifetime-model columns, in customers.csv order.
    public static let modelColumns: [CustomerFeature] = [.pAlive, .churnRisk, .expectedPurchases, .nextOrderDate, .expectedAOV, .clv]
}

/// One customer's value of a ``CustomerFeature``, with how it is written.
public enum FeatureValue: Sendable, Equatable {
    case missing
    case int(Int64)
    /// Money in exact cents, written with two decimals.
    case cents(Int64)
    /// A number, written exactly (the shortest text that reads back to it).
    case decimal(Double)
    case text(String)
    /// A calendar day (days since 1970-01-01, UTC), written yyyy-MM-dd.
    case day(Int64)
    /// Written 1 or 0.
    case flag(Bool)

    /// As a number (days for dates, 1/0 for flags); nil when missing or text.
    public var number: Double? {
        switch self {
        case let .int(v): return Double(v)
        case let .cents(v): return Double(v) / 100
        case let .decimal(v): return v
        case let .day(v): return Double(v)
        case let .flag(v): return v ? 1 : 0
        case .missing, .text: return nil
        }
    }

    /// The text, for text values.
    public var text: String? {
        if case let .text(v) = self { return v }
        return nil
    }
}
