import Foundation

/// The fields a segment definition can name: every column of `customers.csv` (features,
/// segments, model outputs, customer attributes, plus `age` from `birth_year`) and the row fields
/// of the `orders` and `events` tables, with their types and values.
public struct FieldCatalog: Sendable {
    /// Customer fields in customers.csv order.
    public let customerFields: [(name: String, type: RuleType)]
    let customerColumns: [String: @Sendable () -> RuleColumn]
    let customerIDs: [String]
    let orders: OrderColumns
    let events: EventColumns
    public let asOf: Int64
    var asOfDay: Int64 { Timestamp.day(asOf) }

    /// Row fields by table.
    static let rowFields: [String: [(name: String, type: RuleType)]] = [
        "orders": [("ts", .date), ("amount", .number), ("discount", .number), ("category", .text)],
        "events": [("ts", .date), ("type", .text), ("channel", .text), ("value", .number)],
    ]

    /// `order`/`orders` → `orders`, `event`/`events` → `events`; nil for anything else.
    static func table(_ name: String) -> String? {
        switch name.lowercased() {
        case "order", "orders": return "orders"
        case "event", "events": return "events"
        default: return nil
        }
    }

    public var count: Int { customerIDs.count }

    public func type(of field: String) -> RuleType? { customerFields.first { $0.name == field }?.type }

    func column(_ field: String) -> RuleColumn? { customerColumns[field]?() }

    /// A numeric customer field's values (NaN = missing); nil for other types.
    public func numbers(_ field: String) -> [Double]? {
        if case let .number(values)? = column(field) { return values }
        return nil
    }

    /// The id of customer `c`, and the customer with an id.
    public func id(_ c: Int) -> String { customerIDs[c] }
    public func customer(withID id: String) -> Int? { customerIDs.firstIndex(of: id) }

    public init(_ data: Dataset, _ s: Segmentation, lifetime: LifetimeAnalysis? = nil, asOf: Int64) {
        self.asOf = asOf
        orders = data.orders
        events = data.events
        let customers = data.customers
        customerIDs = (0..<customers.count).map { customers.ids.string($0) }
        let f = s.features
        let n = f.count
        var fields: [(String, RuleType)] = []
        var columns: [String: @Sendable () -> RuleColumn] = [:]
        func add(_ name: String, _ type: RuleType, _ make: @escaping @Sendable () -> RuleColumn) {
            guard columns[name] == nil else { return }
            fields.append((name, type))
            columns[name] = make
        }
        func number(_ name: String, _ value: @escaping @Sendable (Int) -> Double?) {
            add(name, .number) { .number((0..<n).map { value($0) ?? .nan }) }
        }
        func text(_ name: String, _ value: @escaping @Sendable (Int) -> String?) {
            add(name, .text) {
                var table: [String: Int32] = [:], values: [String] = []
                let codes = (0..<n).map { c -> Int32 in
                    guard let v = value(c) else { return -1 }
                    if let code = table[v] { return code }
                    table[v] = Int32(values.count)
                    values.append(v)
                    return Int32(values.count - 1)
                }
                return .text(codes: codes, values: values)
            }
        }
        func date(_ name: String, _ value: @escaping @Sendable (Int) -> Int64?) {
            add(name, .date) { .date((0..<n).map { value($0).map(Double.init) ?? .nan }) }
        }
        let ids = customerIDs
        text("customer_id") { ids[$0] }
        date("first_purchase") { f.hasPurchase($0) ? f.firstPurchaseDay[$0] : nil }
        date("last_purchase") { f.hasPurchase($0) ? f.lastPurchaseDay[$0] : nil }
        number("orders") { Double(f.orders[$0]) }
        number("revenue") { Double(f.revenueCents[$0]) / 100 }
        number("avg_order_value") { f.averageOrderValue($0) }
        number("repeat_purchases") { f.repeatPurchases($0).map(Double.init) }
        number("recency_days") { f.recencyDays($0).map(Double.init) }
        number("tenure_days") { f.tenureDays($0).map(Double.init) }
        number("days_since_last_purchase") { f.daysSinceLastPurchase($0).map(Double.init) }
        let scores = s.scores
        number("r_score") { Double(scores.recency[$0]) }
        number("f_score") { Double(scores.frequency[$0]) }
        number("m_score") { Double(scores.monetary[$0]) }
        let rfm = s.rfm, activity = s.activity
        text("rfm_segment") { rfm[$0].rawValue }
        number("touches") { Double(f.touches[$0]) }
        number("responses") { Double(f.responses[$0]) }
        number("engagement_rate") { f.engagementRate($0) }
        number("avg_response_days") { f.averageResponseDays($0) }
        number("conversion_rate") { f.conversionRate($0) }
        number("current_inactivity_days") { f.currentInactivityDays($0).map(Double.init) }
        number("longest_inactivity_days") { f.lastActivity[$0] == Int64.min ? nil : Double(f.longestGapDays[$0]) }
        number("usage_breadth") { Double(f.activityTypes[$0]) }
        number("categories") { Double(f.distinctCategories[$0]) }
        text("top_category") { f.topCategory[$0] >= 0 ? f.categoryNames[Int(f.topCategory[$0])] : nil }
        text("preferred_channel") { f.preferredChannel[$0] >= 0 ? f.channelNames[Int(f.preferredChannel[$0])] : nil }
        number("preferred_hour") { f.preferredHour[$0] >= 0 ? Double(f.preferredHour[$0]) : nil }
        number("preferred_weekday") { f.preferredWeekday[$0] >= 0 ? Double(f.preferredWeekday[$0]) : nil }
        number("discount_share") { f.discountShare($0) }
        number("refunds") { Double(f.refunds[$0]) }
        number("nps_score") { f.npsScore[$0].isNaN ? nil : f.npsScore[$0] }
        text("nps_class") { f.npsClass($0) }
        number("support_tickets") { Double(f.supportTickets[$0]) }
        number("cart_abandons") { Double(f.cartAbandons[$0]) }
        add("at_risk", .bool) { .bool((0..<n).map { f.atRisk($0) }) }
        text("activity_segment") { activity[$0].rawValue }
        if let lifetime {
            let p = lifetime.predictions
            @Sendable func value(_ v: [Double], _ c: Int) -> Double? { v.isEmpty || v[c].isNaN ? nil : v[c] }
            number("p_alive") { value(p.pAlive, $0) }
            number("expected_purchases_\(Int(lifetime.settings.horizon))") { value(p.expectedPurchases, $0) }
            let asOfDay = Timestamp.day(asOf)
            date("next_order_date") { c in value(p.nextPurchaseIn, c).flatMap { $0 < 1e6 ? asOfDay + Int64($0.rounded()) : nil } }
            if lifetime.spendFit != nil {
                number("expected_aov") { value(p.expectedAverageSpend, $0) }
                number("clv") { value(p.clv, $0) }
            }
        }
        // Customer attributes: numbers when every value is one, else text; `age` from `birth_year`.
        let year = Double(Timestamp.civil(fromDays: Timestamp.day(asOf)).year)
        for attribute in customers.attributes {
            let name = columns[attribute.name] == nil ? attribute.name : "attr_\(attribute.name)"
            if let numeric = attribute.numericValues {
                number(name) { c in attribute.codes[c] >= 0 ? numeric[Int(attribute.codes[c])] : nil }
                if attribute.name == "birth_year" {
                    number("age") { c in attribute.codes[c] >= 0 ? year - numeric[Int(attribute.codes[c])] : nil }
                }
            } else {
                text(name) { attribute.value($0) }
            }
        }
        customerFields = fields
        customerColumns = columns
    }

    /// A row field of `table` as a column over all its rows.
    func rowColumn(_ table: String, _ field: String) -> RuleColumn? {
        switch (table, field) {
        case ("orders", "ts"): return .date(orders.timestamp.map { Double(Timestamp.day($0)) })
        case ("orders", "amount"): return .number(orders.amountCents.map { Double($0) / 100 })
        case ("orders", "discount"): return .number(orders.discountCents.map { Double($0) / 100 })
        case ("orders", "category"): return .text(codes: orders.category, values: orders.categories)
        case ("events", "ts"): return .date(events.timestamp.map { Double(Timestamp.day($0)) })
        case ("events", "type"): return .text(codes: events.type, values: events.types)
        case ("events", "channel"): return .text(codes: events.channel, values: events.channels)
        case ("events", "value"): return .number(events.value)
        default: return nil
        }
    }

    func rowTimestamps(_ table: String) -> [Int64] { table == "orders" ? orders.timestamp : events.timestamp }
    func rowCustomers(_ table: String) -> [Int32] { table == "orders" ? orders.customer : events.customer }
}
