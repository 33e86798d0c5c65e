import Foundation

/// Writes `customers.csv`: one row per customer with every feature and segment label
/// (columns documented in docs/outputs.md), then the customer attributes.
public enum CustomerTableWriter {
    /// The feature columns, in order.
    public static let featureColumns = [
        "customer_id", "first_purchase", "last_purchase", "orders", "revenue", "avg_order_value",
        "repeat_purchases", "recency_days", "tenure_days", "days_since_last_purchase",
        "r_score", "f_score", "m_score", "rfm_segment",
        "touches", "responses", "engagement_rate", "avg_response_days", "conversion_rate",
        "current_inactivity_days", "longest_inactivity_days", "usage_breadth", "categories", "top_category",
        "preferred_channel", "preferred_hour", "preferred_weekday", "discount_share", "refunds",
        "nps_score", "nps_class", "support_tickets", "cart_abandons", "at_risk", "activity_segment",
    ]

    /// The lifetime-model columns, present when models were fitted; `expected_aov` and `clv`
    /// only with a spend model. H is the horizon in days.
    public static func modelColumns(_ lifetime: LifetimeAnalysis?) -> [String] {
        guard let lifetime else { return [] }
        let purchase = ["p_alive", "expected_purchases_\(Int(lifetime.settings.horizon))", "next_order_date"]
        return purchase + (lifetime.spendFit == nil ? [] : ["expected_aov", "clv"])
    }

    /// The header: feature columns, model columns, attributes (prefixed `attr_` when a name
    /// clashes), then one column per custom segment (0/1) and per group (its label).
    public static func header(_ customers: CustomerTable, lifetime: LifetimeAnalysis? = nil,
                              custom: SegmentEvaluation? = nil) -> [String] {
        let own = featureColumns + modelColumns(lifetime)
        return own + customers.attributes.map { own.contains($0.name) ? "attr_\($0.name)" : $0.name }
            + (custom.map { $0.segmentNames + $0.groupNames } ?? [])
    }

    /// Renders the whole table as CSV bytes (in parallel over customer ranges).
    public static func render(_ customers: CustomerTable, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil,
                              custom: SegmentEvaluation? = nil) -> [UInt8] {
        CSVBuffer.render(header: header(customers, lifetime: lifetime, custom: custom), count: customers.count, bytesPerRow: 256) { c, out in
            row(c, customers, s, lifetime, custom, &out)
        }
    }

    /// Writes the table to `path`.
    public static func write(_ customers: CustomerTable, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil,
                             custom: SegmentEvaluation? = nil, to path: String) throws {
        let bytes = render(customers, s, lifetime: lifetime, custom: custom)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private static func row(_ c: Int, _ customers: CustomerTable, _ s: Segmentation, _ lifetime: LifetimeAnalysis?,
                            _ custom: SegmentEvaluation?, _ out: inout CSVBuffer) {
        let f = s.features
        let bought = f.hasPurchase(c)
        out.field(customers.ids.key(c)); out.comma()
        if bought { out.text(Timestamp.isoDate(day: f.firstPurchaseDay[c])) }; out.comma()
        if bought { out.text(Timestamp.isoDate(day: f.lastPurchaseDay[c])) }; out.comma()
        out.int(Int(f.orders[c])); out.comma()
        out.cents(f.revenueCents[c]); out.comma()
        if let v = f.averageOrderValue(c) { out.fixed(v, places: 2) }; out.comma()
        if let v = f.repeatPurchases(c) { out.int(v) }; out.comma()
        if let v = f.recencyDays(c) { out.int(v) }; out.comma()
        if let v = f.tenureDays(c) { out.int(v) }; out.comma()
        if let v = f.daysSinceLastPurchase(c) { out.int(v) }; out.comma()
        out.int(Int(s.scores.recency[c])); out.comma()
        out.int(Int(s.scores.frequency[c])); out.comma()
        out.int(Int(s.scores.monetary[c])); out.comma()
        out.text(s.rfm[c].rawValue); out.comma()
        out.int(Int(f.touches[c])); out.comma()
        out.int(Int(f.responses[c])); out.comma()
        if let v = f.engagementRate(c) { out.fixed(v, places: 4) }; out.comma()
        if let v = f.averageResponseDays(c) { out.fixed(v, places: 2) }; out.comma()
        if let v = f.conversionRate(c) { out.fixed(v, places: 4) }; out.comma()
        if let v = f.currentInactivityDays(c) { out.int(v) }; out.comma()
        if f.lastActivity[c] != Int64.min { out.int(Int(f.longestGapDays[c])) }; out.comma()
        out.int(Int(f.activityTypes[c])); out.comma()
        out.int(Int(f.distinctCategories[c])); out.comma()
        if f.topCategory[c] >= 0 { out.text(f.categoryNames[Int(f.topCategory[c])]) }; out.comma()
        if f.preferredChannel[c] >= 0 { out.text(f.channelNames[Int(f.preferredChannel[c])]) }; out.comma()
        if f.preferredHour[c] >= 0 { out.int(Int(f.preferredHour[c])) }; out.comma()
        if f.preferredWeekday[c] >= 0 { out.int(Int(f.preferredWeekday[c])) }; out.comma()
        if let v = f.discountShare(c) { out.fixed(v, places: 4) }; out.comma()
        out.int(Int(f.refunds[c])); out.comma()
        if !f.npsScore[c].isNaN { out.fixed(f.npsScore[c], places: 1) }; out.comma()
        if let v = f.npsClass(c) { out.text(v) }; out.comma()
        out.int(Int(f.supportTickets[c])); out.comma()
        out.int(Int(f.cartAbandons[c])); out.comma()
        out.int(f.atRisk(c) ? 1 : 0); out.comma()
        out.text(s.activity[c].rawValue)
        if let p = lifetime?.predictions {
            func number(_ v: Double, _ places: Int) { out.comma(); if v.isFinite { out.fixed(v, places: places) } }
            number(p.pAlive[c], 4)
            number(p.expectedPurchases[c], 4)
            out.comma()
            let wait = p.nextPurchaseIn[c]
            if wait.isFinite, wait < 1e6 { out.text(Timestamp.isoDate(day: f.asOfDay + Int64(wait.rounded()))) }
            if !p.clv.isEmpty {
                number(p.expectedAverageSpend[c], 2)
                number(p.clv[c], 2)
            }
        }
        for attribute in customers.attributes {
            out.comma()
            if let value = attribute.value(c) { out.text(value) }
        }
        if let custom {
            for members in custom.members { out.comma(); out.int(members[c] ? 1 : 0) }
            for labels in custom.groupLabels { out.comma(); if let label = labels[c] { out.text(label) } }
        }
        out.newline()
    }
}
