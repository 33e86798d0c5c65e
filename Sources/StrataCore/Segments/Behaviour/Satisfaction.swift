/// Satisfaction (seed 002, "surveys plus behavioural signals from support, billing, reviews"):
/// NPS classes for everyone, on a 0–10 score that behaviour moves, so customers who never answer
/// a survey are scored too.
public enum SatisfactionSegment: String, Sendable, Hashable, CaseIterable {
    case promoter, passive, detractor
    case notEnoughData = "not-enough-data"
}

/// How ``SatisfactionSegment`` scores (``score(of:in:)``) and classes customers.
///
/// The behavioural score starts at `baseline` (a passive), gains `repeatBonus` for a customer who
/// came back on at least `repeatDays` purchase days, loses `ticketPenalty` per support ticket (at
/// most `maximumTickets` counted) and `refundPenalty` × the share of purchases refunded or
/// returned; it is kept within 0–10. A customer who answered NPS scores their last answer, moved
/// by half their behaviour's distance from the baseline. Promoters from 9, passives from 7, as NPS.
/// `not-enough-data`: no purchase and no feedback.
public struct SatisfactionThresholds: Sendable, Hashable {
    public var baseline = 8.0
    public var repeatBonus = 1.5
    public var repeatDays = 3.0
    public var ticketPenalty = 2.0
    public var maximumTickets = 2.0
    public var refundPenalty = 4.0
    public var promoterFrom = 9.0
    public var passiveFrom = 7.0

    public init() {}

    /// The 0–10 score; nil for a customer with no purchase and no feedback.
    public func score(of c: Int, in f: CustomerFeatures) -> Double? {
        guard f.orders[c] > 0 || f.feedbacks[c] > 0 else { return nil }
        var behaviour = baseline
        if Double(f.purchaseDays[c]) >= repeatDays { behaviour += repeatBonus }
        behaviour -= ticketPenalty * min(Double(f.supportTickets[c]), maximumTickets)
        if f.orders[c] > 0 { behaviour -= refundPenalty * min(1, Double(f.refunds[c] + f.returns[c]) / Double(f.orders[c])) }
        behaviour = min(10, max(0, behaviour))
        let nps = f.npsScore[c]
        return nps.isNaN ? behaviour : min(10, max(0, nps + (behaviour - baseline) / 2))
    }

    public func segment(of c: Int, in f: CustomerFeatures) -> SatisfactionSegment {
        guard let s = score(of: c, in: f) else { return .notEnoughData }
        return s >= promoterFrom ? .promoter : s >= passiveFrom ? .passive : .detractor
    }
}
