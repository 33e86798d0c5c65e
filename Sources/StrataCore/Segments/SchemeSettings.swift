/// The thresholds of every built-in scheme, with their defaults, and the `schemes:` section of a
/// config file that overrides them (docs/features.md lists every key):
///
/// ```yaml
/// schemes:
///   email: {actively_from: 0.3}
///   lifecycle: {new_days: 45, lapse_days: 120}
///   occasion: {peak_periods: ["11-20..12-31", "02-07..02-14"]}
/// ```
public struct SchemeSettings: Sendable, Hashable {
    public var activity = ActivityThresholds()
    public var email = EmailActivityThresholds()
    public var experience = PurchaseExperienceThresholds()
    public var lifecycle = LifecycleThresholds()
    public var benefits = BenefitThresholds()
    public var usage = UsageThresholds()
    public var occasion = OccasionThresholds()
    public var daypart = DaypartThresholds()
    public var cycle = PurchaseCycleThresholds()
    public var satisfaction = SatisfactionThresholds()
    public var loyalty = LoyaltyThresholds()
    public var shopper = ShopperThresholds()
    /// Feature knobs the schemes read (lapse days, the lifecycle model's window, decision window, peak periods).
    public var lapseDays = FeatureSettings.defaults.lapseDays
    public var lifecycleWindowDays = FeatureSettings.defaults.lifecycleWindowDays
    public var decisionWindowDays = FeatureSettings.defaults.decisionWindowDays
    public var peakPeriods = FeatureSettings.defaults.peakPeriods

    public init() {}

    /// The feature settings for `asOf` with this configuration's knobs.
    public func featureSettings(asOf: Int64) -> FeatureSettings {
        var s = FeatureSettings(asOf: asOf)
        s.lapseDays = lapseDays
        s.lifecycleWindowDays = lifecycleWindowDays
        s.decisionWindowDays = decisionWindowDays
        s.peakPeriods = peakPeriods
        s.newCustomerDays = Int(activity.newCustomerDays)
        return s
    }

    /// Every number a config may set: scheme → key → where it goes.
    public static var keys: [String: [String: WritableKeyPath<SchemeSettings, Double>]] { [
        "activity": ["active_from": \.activity.activeFrom, "active_within_days": \.activity.activeWithinDays,
                     "rare_answers_below": \.activity.rareAnswersBelow, "low_conversion_below": \.activity.lowConversionBelow,
                     "minor_channel_share": \.activity.minorChannelShare],
        "email": ["minimum_emails": \.email.minimumEmails, "actively_from": \.email.activelyFrom],
        "experience": ["one_click_minutes": \.experience.oneClickMinutes, "quick_hours": \.experience.quickHours],
        "lifecycle": ["new_days": \.lifecycle.newDays, "reactivated_days": \.lifecycle.reactivatedDays,
                      "at_risk_gap_ratio": \.lifecycle.atRiskGapRatio, "softness": \.lifecycle.softness,
                      "horizon_days": \.lifecycle.horizonDays],
        "benefits": ["minimum_orders": \.benefits.minimumOrders, "discount_from": \.benefits.discountFrom,
                     "cheap_below": \.benefits.cheapBelow, "premium_from": \.benefits.premiumFrom, "loyal_from": \.benefits.loyalFrom],
        "usage": ["heavy_from": \.usage.heavyFrom, "medium_from": \.usage.mediumFrom, "broad_from": \.usage.broadFrom],
        "occasion": ["minimum_orders": \.occasion.minimumOrders, "minimum_actions": \.occasion.minimumActions, "seasonal_from": \.occasion.seasonalFrom,
                     "weekend_from": \.occasion.weekendFrom, "weekday_below": \.occasion.weekdayBelow],
        "daypart": ["minimum_actions": \.daypart.minimumActions, "band_from": \.daypart.bandFrom],
        "cycle": ["due_from": \.cycle.dueFrom, "overdue_from": \.cycle.overdueFrom],
        "satisfaction": ["baseline": \.satisfaction.baseline, "repeat_bonus": \.satisfaction.repeatBonus,
                         "repeat_days": \.satisfaction.repeatDays, "ticket_penalty": \.satisfaction.ticketPenalty,
                         "maximum_tickets": \.satisfaction.maximumTickets, "refund_penalty": \.satisfaction.refundPenalty,
                         "promoter_from": \.satisfaction.promoterFrom, "passive_from": \.satisfaction.passiveFrom],
        "loyalty": ["gold_share": \.loyalty.goldShare, "silver_share": \.loyalty.silverShare],
        "shopper": ["minimum_orders": \.shopper.minimumOrders, "impulsive_minutes": \.shopper.impulsiveMinutes,
                    "night_from": \.shopper.nightFrom, "variety_from": \.shopper.varietyFrom,
                    "browses_per_purchase": \.shopper.browsesPerPurchase, "smart_discount_from": \.shopper.smartDiscountFrom,
                    "discount_from": \.shopper.discountFrom, "cheap_below": \.shopper.cheapBelow,
                    "repeat_category_from": \.shopper.repeatCategoryFrom],
    ] }

    /// Whole-day knobs: scheme → key.
    private static var dayKeys: [String: [String: WritableKeyPath<SchemeSettings, Int>]] { [
        "activity": ["inactive_days": \.activity.inactiveDays, "new_customer_days": \.activity.newCustomerDays],
        "lifecycle": ["lapse_days": \.lapseDays, "window_days": \.lifecycleWindowDays],
        "experience": ["decision_window_days": \.decisionWindowDays],
    ] }

    /// Applies a config's `schemes:` mapping (scheme → key → value); `peak_periods` under
    /// `occasion` is a list of `MM-DD..MM-DD`.
    /// - Throws: ``IngestError/invalidConfig(file:message:)`` naming the scheme, key or value at fault.
    public mutating func apply(_ overrides: [String: [String: String]], file: String) throws(IngestError) {
        for (scheme, values) in overrides.sorted(by: { $0.key < $1.key }) {
            let numbers = Self.keys[scheme] ?? [:], days = Self.dayKeys[scheme] ?? [:]
            guard !numbers.isEmpty || !days.isEmpty || scheme == "occasion" else {
                let known = Set(Self.keys.keys).union(Self.dayKeys.keys).sorted().joined(separator: ", ")
                throw .invalidConfig(file: file, message: "schemes: unknown scheme '\(scheme)': expected one of \(known)")
            }
            for (key, text) in values.sorted(by: { $0.key < $1.key }) {
                let at = "schemes.\(scheme).\(key)"
                if scheme == "occasion" && key == "peak_periods" {
                    peakPeriods = try Self.periods(text, at: at, file: file)
                } else if let path = numbers[key] {
                    guard let value = Double(text), value.isFinite, value >= 0 else {
                        throw .invalidConfig(file: file, message: "\(at) '\(text)': expected a number ≥ 0")
                    }
                    self[keyPath: path] = value
                } else if let path = days[key] {
                    guard let value = Int(text), value >= 0, value <= 36_500 else {
                        throw .invalidConfig(file: file, message: "\(at) '\(text)': expected whole days from 0 to 36500")
                    }
                    self[keyPath: path] = value
                } else {
                    let known = (Array(numbers.keys) + Array(days.keys) + (scheme == "occasion" ? ["peak_periods"] : [])).sorted()
                    throw .invalidConfig(file: file, message: "\(at): unknown key; expected one of \(known.joined(separator: ", "))")
                }
            }
        }
    }

    /// `MM-DD..MM-DD` items separated by commas (a YAML list arrives joined so).
    private static func periods(_ text: String, at: String, file: String) throws(IngestError) -> [PeakPeriod] {
        var out: [PeakPeriod] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let ends = item.components(separatedBy: "..")
            let parsed = ends.map { end -> (Int, Int)? in
                let parts = end.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, (1...12).contains(parts[0]), Timestamp.isValid(year: 2000, month: parts[0], day: parts[1]) else { return nil }
                return (parts[0], parts[1])
            }
            guard ends.count == 2, let from = parsed[0], let to = parsed[1] else {
                throw .invalidConfig(file: file, message: "\(at) '\(item)': expected MM-DD..MM-DD, such as 11-20..12-31")
            }
            out.append(PeakPeriod(from: from, to: to))
        }
        return out
    }
}
