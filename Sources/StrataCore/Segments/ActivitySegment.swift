/// The seed's engagement segments: how a customer answers the business's touches.
public enum ActivitySegment: String, Sendable, Hashable, CaseIterable, Codable {
    case active
    case passive
    case leastEngaged = "least-engaged"
    case new
    case noInteractions = "no-interactions"
}

/// Thresholds of ``ActivitySegment``, set between the seed's ranges: active customers answer
/// 67–85% of touches within 1–3 days, passive ones 10–25% within 7–21 days; the least engaged
/// show several of the seed's signs together (``DisengagementSign``).
///
/// Rules, first match wins:
/// 1. `no-interactions`: no touch and no activity event (orders alone say nothing of engagement).
/// 2. `new`: first seen fewer than `newCustomerDays` days before as-of.
/// 3. `least-engaged`: no activity for `inactiveDays` days, or at least `leastEngagedSigns` of
///    the seven signs.
/// 4. `active`: engagement at least `activeFrom` and mean response time at most `activeWithinDays`.
/// 5. `passive`: everyone else.
public struct ActivityThresholds: Sendable, Hashable {
    /// Midway between passive's top (25%) and active's bottom (67%).
    public var activeFrom = 0.46
    /// Midway between active's slowest (3 days) and passive's fastest (7 days).
    public var activeWithinDays = 5.0
    /// Four months without any activity: longer than a passive customer's usual quiet spell.
    public var inactiveDays = 120
    public var newCustomerDays = 30
    /// Signs (of seven) that make a customer least engaged: a majority.
    public var leastEngagedSigns = 4
    /// Below passive's bottom (10%): the customer rarely answers.
    public var rareAnswersBelow = 0.10
    /// Below passive's bottom (5%): the customer rarely converts.
    public var lowConversionBelow = 0.05
    /// Touches needed before answer and conversion rates count as signs.
    public var minimumTouches: Int32 = 5
    /// A channel with a smaller share of the business's touches is one it barely uses.
    public var minorChannelShare = 0.10

    public init() {}

    /// The segment of customer `c`, who shows `signs`.
    public func segment(of c: Int, in features: CustomerFeatures, signs: DisengagementSign) -> ActivitySegment {
        let engagedAtAll = features.touches[c] > 0 || features.responses[c] > 0 || features.activityTypes[c] > 0
        guard engagedAtAll else { return .noInteractions }
        if let seen = features.daysSinceFirstSeen(c), seen < newCustomerDays { return .new }
        if signs.contains(.longSilence) || signs.count >= leastEngagedSigns { return .leastEngaged }
        if let engagement = features.engagementRate(c), engagement >= activeFrom,
           let days = features.averageResponseDays(c), days <= activeWithinDays {
            return .active
        }
        return .passive
    }
}
