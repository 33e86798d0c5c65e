/// Why a customer is in their built-in segments: the RFM scores behind the RFM segment, each of
/// the seven signs of disengagement with the customer's own values, and the churn risk behind
/// P(alive). `strata explain` prints it before any custom segment.
public enum BuiltInExplanation {
    public static func text(_ c: Int, _ s: Segmentation, _ lifetime: LifetimeAnalysis?) -> String {
        let f = s.features
        var out = ""
        if f.hasPurchase(c) {
            let m = f.hasAmounts ? "M \(s.scores.monetary[c])" : "no amounts"
            out += "RFM: \(s.rfm[c].rawValue) (R \(s.scores.recency[c]), F \(s.scores.frequency[c]), \(m); "
                + "last purchase \(f.daysSinceLastPurchase(c) ?? 0) days ago, \(f.orders[c]) orders)\n"
        } else {
            out += "RFM: \(s.rfm[c].rawValue)\n"
        }
        if s.schemes.contains(.activity) {
            let signs = s.signs.signs[c]
            out += "activity: \(s.activity[c].rawValue) (\(signs.count) of 7 signs of disengagement; "
                + "\(s.thresholds.leastEngagedSigns) or more, or \(s.thresholds.inactiveDays) silent days, make least-engaged)\n"
            for (sign, name) in DisengagementSign.all {
                out += "  \(signs.contains(sign) ? "✓" : "✗") \(name): \(detail(sign, c, s))\n"
            }
        }
        if let p = lifetime?.predictions.pAlive, !p.isEmpty, let level = ChurnRisk(pAlive: p[c]) {
            out += "churn risk: \(level.rawValue) (P(alive) \(NumberFormat.decimal(p[c], 3)); low from \(ChurnRisk.lowFrom), medium from \(ChurnRisk.mediumFrom))\n"
        }
        return out
    }

    /// The customer's value behind one sign.
    package static func detail(_ sign: DisengagementSign, _ c: Int, _ s: Segmentation) -> String {
        let f = s.features, t = s.thresholds
        let touches = "\(f.touches[c]) touch\(f.touches[c] == 1 ? "" : "es")"
        switch sign {
        case .rareAnswers:
            guard let rate = f.engagementRate(c) else { return "no touches" }
            let main = f.mainChannelEngagement(c).map { ", \(NumberFormat.percent($0)) of the \(f.mainChannelTouches[c]) on the main channel" } ?? ""
            return "answered \(NumberFormat.percent(rate)) of \(touches)\(main) (sign below \(NumberFormat.percent(t.rareAnswersBelow)) of at least \(t.minimumTouches))"
        case .lowConversion:
            guard let rate = f.conversionRate(c) else { return "no touches" }
            return "\(NumberFormat.percent(rate)) of \(touches) followed by a purchase (sign below \(NumberFormat.percent(t.lowConversionBelow)) of at least \(t.minimumTouches))"
        case .purchaseGap:
            return f.daysSinceLastPurchase(c).map { "last purchase \($0) days ago" } ?? "no purchase"
        case .noFeedback:
            return f.feedbacks[c] == 0 ? "no NPS answer, review or support ticket" : "\(f.feedbacks[c]) NPS answers, reviews or tickets"
        case .shallowUse:
            let limit = s.signs.shallowBreadth
            return "\(f.activityTypes[c]) kinds of activity (shallow: " + (limit < 0 ? "none in this base)" : "\(limit) or fewer)")
        case .longSilence:
            return f.currentInactivityDays(c).map { "last activity \($0) days ago (sign from \(t.inactiveDays))" } ?? "no activity"
        case .offChannel:
            let channel = f.preferredChannel[c]
            guard channel >= 0 else { return "answers on no channel" }
            let total = max(1, f.channelTouches.reduce(0, +))
            let share = Double(f.channelTouches[Int(channel)]) / Double(total)
            return "answers mostly on \(f.channelNames[Int(channel)]), which carries \(NumberFormat.percent(share)) of the touches (sign below \(NumberFormat.percent(t.minorChannelShare)))"
        default:
            return ""
        }
    }
}
