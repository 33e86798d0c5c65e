/// The built-in ways of splitting the customers, and everything the outputs need to know about
/// each: its titles, its segments in display order, which are valuable and which signal churn.
/// Every switch over it is exhaustive, so a new scheme cannot be half-handled (docs/architecture.md).
public enum SegmentScheme: String, Sendable, Hashable, CaseIterable, Codable {
    /// The 11 named RFM segments (plus customers with no purchase).
    case rfm
    /// Active / passive / least-engaged / new / no-interactions.
    case activity
    // The behavioural schemes of seed 002 (Segments/Behaviour, docs/features.md).
    case email, experience, lifecycle, benefits, usage, occasion, daypart, cycle, satisfaction, loyalty, interests, status, shopper

    /// "RFM segments", "Activity segments".
    public var title: String { "\(shortTitle) segments" }

    /// "RFM", "Activity".
    public var shortTitle: String {
        switch self {
        case .rfm: return "RFM"
        case .activity: return "Activity"
        case .email: return "Email activity"
        case .experience: return "Purchase experience"
        case .lifecycle: return "Lifecycle"
        case .benefits: return "Benefits sought"
        case .usage: return "Usage"
        case .occasion: return "Occasion"
        case .daypart: return "Time of day"
        case .cycle: return "Purchase cycle"
        case .satisfaction: return "Satisfaction"
        case .loyalty: return "Loyalty"
        case .interests: return "Interests"
        case .status: return "User status"
        case .shopper: return "Shopper type"
        }
    }

    /// The segments in display order (interests: only `not-enough-data`; the data's categories
    /// are the others, ``Segmentation/labels(_:)``).
    public var segmentNames: [String] {
        switch self {
        case .rfm: return RFMSegment.allCases.map(\.rawValue)
        case .activity: return ActivitySegment.allCases.map(\.rawValue)
        case .email: return EmailActivitySegment.allCases.map(\.rawValue)
        case .experience: return PurchaseExperienceSegment.allCases.map(\.rawValue)
        case .lifecycle: return LifecycleStage.allCases.map(\.rawValue)
        case .benefits: return BenefitSegment.allCases.map(\.rawValue)
        case .usage: return UsageSegment.allCases.map(\.rawValue)
        case .occasion: return OccasionSegment.allCases.map(\.rawValue)
        case .daypart: return DaypartSegment.allCases.map(\.rawValue)
        case .cycle: return PurchaseCycleSegment.allCases.map(\.rawValue)
        case .satisfaction: return SatisfactionSegment.allCases.map(\.rawValue)
        case .loyalty: return LoyaltyTier.allCases.map(\.rawValue)
        case .interests: return [Self.notEnoughData]
        case .status: return UserStatusSegment.allCases.map(\.rawValue)
        case .shopper: return ShopperType.allCases.map(\.rawValue)
        }
    }

    /// The scheme's position in ``allCases``.
    public var ordinal: Int {
        switch self {
        case .rfm: return 0
        case .activity: return 1
        case .email: return 2
        case .experience: return 3
        case .lifecycle: return 4
        case .benefits: return 5
        case .usage: return 6
        case .occasion: return 7
        case .daypart: return 8
        case .cycle: return 9
        case .satisfaction: return 10
        case .loyalty: return 11
        case .interests: return 12
        case .status: return 13
        case .shopper: return 14
        }
    }

    /// The group of customers whose history is too short for the scheme, in every behavioural scheme.
    public static let notEnoughData = "not-enough-data"

    /// The `customers.csv` column (and rule-language field) holding the scheme's segment.
    public var column: String {
        switch self {
        case .rfm: return "rfm_segment"
        case .activity: return "activity_segment"
        case .email: return "email_activity"
        case .experience: return "purchase_experience"
        case .lifecycle: return "lifecycle_stage"
        case .benefits: return "benefit_sought"
        case .usage: return "usage_level"
        case .occasion: return "occasion"
        case .daypart: return "daypart"
        case .cycle: return "purchase_cycle"
        case .satisfaction: return "satisfaction"
        case .loyalty: return "loyalty_tier"
        case .interests: return "interest"
        case .status: return "user_status"
        case .shopper: return "shopper_type"
        }
    }

    /// Segments a customer should not leave (a move out of them is an alert).
    public var valuable: Set<String> {
        switch self {
        case .rfm: return Set([RFMSegment.champions, .loyal, .potentialLoyalist].map(\.rawValue))
        case .activity: return [ActivitySegment.active.rawValue]
        case .email: return [EmailActivitySegment.readsActively.rawValue]
        case .experience: return [PurchaseExperienceSegment.oneClick.rawValue]
        case .lifecycle: return Set([LifecycleStage.active, .reactivated].map(\.rawValue))
        case .benefits: return Set([BenefitSegment.premium, .categoryLoyal].map(\.rawValue))
        case .usage: return [UsageSegment.heavyBroad.rawValue]
        case .cycle: return [PurchaseCycleSegment.withinCycle.rawValue]
        case .satisfaction: return [SatisfactionSegment.promoter.rawValue]
        case .loyalty: return Set([LoyaltyTier.gold, .silver].map(\.rawValue))
        case .status: return Set([UserStatusSegment.paying, .reactivated].map(\.rawValue))
        case .occasion, .daypart, .interests, .shopper: return []
        }
    }

    /// Segments that signal churn.
    public var atRisk: Set<String> {
        switch self {
        case .rfm: return Set([RFMSegment.atRisk, .cantLoseThem, .aboutToSleep, .hibernating, .lost].map(\.rawValue))
        case .activity: return Set([ActivitySegment.passive, .leastEngaged].map(\.rawValue))
        case .email: return [EmailActivitySegment.neverReads.rawValue]
        case .experience: return [PurchaseExperienceSegment.cartAbandoner.rawValue]
        case .lifecycle: return Set([LifecycleStage.atRisk, .lapsed].map(\.rawValue))
        case .usage: return [UsageSegment.heavyNarrow.rawValue]
        case .cycle: return [PurchaseCycleSegment.overdue.rawValue]
        case .satisfaction: return [SatisfactionSegment.detractor.rawValue]
        case .status: return [UserStatusSegment.churned.rawValue]
        case .benefits, .occasion, .daypart, .loyalty, .interests, .shopper: return []
        }
    }

    /// The segment one step up the scheme's own ladder, the realistic next goal for its
    /// customers; nil at the top. RFM climbs the grid (more recent first, then more frequent and
    /// valuable); activity climbs least-engaged → passive → active, and new customers aim at
    /// active. docs/insights.md draws both ladders.
    public func nextBetter(_ segment: String) -> String? {
        switch self {
        case .rfm:
            guard let s = RFMSegment(rawValue: segment) else { return nil }
            let next: RFMSegment?
            switch s {
            case .champions: next = nil
            case .loyal, .cantLoseThem: next = .champions
            case .potentialLoyalist, .needAttention, .atRisk: next = .loyal
            case .newCustomers, .promising: next = .potentialLoyalist
            case .aboutToSleep: next = .needAttention
            case .hibernating: next = .aboutToSleep
            case .lost: next = .hibernating
            case .noPurchase: next = .newCustomers
            }
            return next?.rawValue
        case .activity:
            guard let s = ActivitySegment(rawValue: segment) else { return nil }
            switch s {
            case .active: return nil
            case .passive, .new: return ActivitySegment.active.rawValue
            case .leastEngaged, .noInteractions: return ActivitySegment.passive.rawValue
            }
        case .email:
            return ["never-reads": "reads-sometimes", "reads-sometimes": "reads-actively"][segment]
        case .experience:
            return ["cart-abandoner": "considered", "considered": "quick-decider", "quick-decider": "one-click"][segment]
        case .lifecycle:
            return ["prospect": "new", "new": "active", "at-risk": "active", "lapsed": "reactivated", "reactivated": "active"][segment]
        case .benefits:
            return ["price-driven": "no-clear-preference", "no-clear-preference": "category-loyal"][segment]
        case .usage:
            return ["light-narrow": "medium-narrow", "light-broad": "medium-broad", "medium-narrow": "medium-broad",
                    "medium-broad": "heavy-broad", "heavy-narrow": "heavy-broad"][segment]
        case .cycle:
            return ["overdue": "due", "due": "within-cycle"][segment]
        case .satisfaction:
            return ["detractor": "passive", "passive": "promoter"][segment]
        case .loyalty:
            return ["bronze": "silver", "silver": "gold"][segment]
        case .status:
            return ["trial": "paying", "free": "paying", "churned": "reactivated"][segment]
        case .occasion, .daypart, .interests, .shopper:
            return nil
        }
    }

    /// Why the scheme cannot be computed from a data set, or nil when it can: the activity
    /// scheme reads interaction events, which orders-only data does not have.
    /// Why activity segments are not computed for data without events.
    public static let activityNeedsEvents =
        "activity segments need interaction events (an events file: emails, site, app, support…); RFM segments are ranked and planned instead"

    public func unavailability(_ data: Dataset) -> String? {
        switch self {
        case .rfm: return nil
        case .activity:
            return data.events.count > 0 ? nil : Self.activityNeedsEvents
        case .email:
            let events = data.events
            let sendsEmail = events.types.contains { EventVocabulary.kind(of: $0) == .touch && EventVocabulary.impliedChannel(of: $0) == "email" }
                || (events.channels.contains("email") && events.types.contains { EventVocabulary.kind(of: $0) == .touch })
            return sendsEmail ? nil : "email activity needs the emails sent (email_sent events)"
        case .experience:
            return data.events.types.contains { [.visit, .appOpen, .cartAdd].contains(EventVocabulary.kind(of: $0)) } ? nil
                : "purchase experience needs browsing events (visit, app_open, add_to_cart)"
        case .benefits:
            return data.orders.hasAmounts ? nil : "benefits sought need order amounts"
        case .daypart:
            let timed = data.orders.timestamp.contains { $0 % 86_400 != 0 } || data.events.timestamp.contains { $0 % 86_400 != 0 }
            return timed ? nil : "time of day needs timestamps with a time (the data has dates only)"
        case .interests:
            return data.orders.categories.isEmpty ? "interests need order categories" : nil
        case .status:
            return data.events.types.contains { EventVocabulary.kind(of: $0).isPlanChange } ? nil
                : "user status needs plan events (trial_start, subscription_start, subscription_cancel, plan_free)"
        case .lifecycle, .usage, .occasion, .cycle, .satisfaction, .loyalty, .shopper:
            return nil
        }
    }

    /// Whether the scheme is one of seed 002's behavioural schemes (computed in ``BehaviourSegments``).
    public var isBehavioural: Bool {
        switch self {
        case .rfm, .activity: return false
        case .email, .experience, .lifecycle, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests, .status, .shopper:
            return true
        }
    }

    /// The scheme a summary leads with: activity when there is one, else RFM.
    public static func primary(of schemes: [SegmentScheme]) -> SegmentScheme {
        schemes.contains(.activity) ? .activity : .rfm
    }

    /// Whether tables list a segment with no customer (the activity scheme's five always show).
    public var listsEmptySegments: Bool {
        switch self {
        case .rfm: return false
        case .activity, .lifecycle: return true
        case .email, .experience, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests, .status, .shopper:
            return false
        }
    }
}
