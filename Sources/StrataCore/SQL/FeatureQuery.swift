/// The per-customer features of `analyze` as one SQL query, so that a database or Spark computes
/// them where the data lives (docs/scale-out.md).
///
/// It reads the tables of ``EngineTables`` (`customer_records`, `orders`, `events`) and returns
/// one row per customer, ordered by id in byte order: the columns of ``columns`` under their
/// customers.csv names (dates as `YYYY-MM-DD` text, `at_risk` as 0/1), then ``summaryColumns``.
/// The rule language's SQL (``SQLCompiler``) runs on the result unchanged.
///
/// Every value equals the embedded engine's: the same definitions (docs/features.md), money in
/// integer cents, days in UTC, doubles computed by the same operations in the same order, and
/// ties broken by rules every engine computes alike — an RFM score is `1 + ⌊5·w/n⌋` with `w`
/// the buyers of a strictly worse value (a rank, never NTILE), names compare by their bytes.
public struct FeatureQuery: Sendable {
    public var dialect: SQLDialect
    public var settings: FeatureSettings
    public var thresholds: ActivityThresholds
    /// False when the orders carry no amounts: revenue, order value and M are then missing.
    public var hasAmounts: Bool
    /// False when there are no events at all: the activity segment is then missing.
    public var hasEvents: Bool
    /// Customer attributes carried into the result (for segment rules), with whether each is numeric.
    public var attributes: [(name: String, numeric: Bool)]

    public init(dialect: SQLDialect, settings: FeatureSettings, thresholds: ActivityThresholds = ActivityThresholds(),
                hasAmounts: Bool = true, hasEvents: Bool = true, attributes: [(name: String, numeric: Bool)] = []) {
        self.dialect = dialect
        self.settings = settings
        self.thresholds = thresholds
        self.thresholds.newCustomerDays = settings.newCustomerDays
        self.hasAmounts = hasAmounts
        self.hasEvents = hasEvents
        self.attributes = attributes
    }

    /// The customers.csv columns the query computes: every column up to the activity segment's
    /// signs. The behavioural schemes' columns and the model outputs are computed in Swift.
    public static let columns: [CustomerFeature] = Array(CustomerFeature.allCases.prefix { $0 != .emailsSent })

    /// The columns after ``columns``: exact money, the purchase days the lifetime models read and
    /// the days since first seen the diagnostics read.
    public static let summaryColumns = ["revenue_cents", "repeat_revenue_cents", "purchase_days", "first_seen_days"]

    /// An attribute's column in the result: its name, or `attr_<name>` when a feature has that name
    /// (as customers.csv names it).
    public static func attributeColumn(_ name: String) -> String {
        columns.contains { $0.rawValue == name } || summaryColumns.contains(name) ? "attr_\(name)" : name
    }

    /// The fields segment rules may use on the result: the computed columns and the attributes
    /// (`age` too when `birth_year` is a number). Model outputs and the behavioural schemes'
    /// columns are computed in Swift afterwards, so rules run in an engine cannot use them.
    public var ruleSchema: RuleSchema {
        var fields = Self.columns.map { (name: $0.rawValue, type: $0.type) }
        for attribute in attributes {
            fields.append((Self.attributeColumn(attribute.name), attribute.numeric ? .number : .text))
            if attribute.numeric, attribute.name == "birth_year" { fields.append(("age", .number)) }
        }
        return RuleSchema(fields: fields, openAttributes: false)
    }

    /// The query (one SELECT, no trailing semicolon).
    public func select() -> String {
        let d = dialect
        let asOf = settings.asOf
        let asOfDay = Timestamp.day(asOf)
        func day(_ ts: String) -> String { d.day(ofEpoch: ts) }
        func real(_ v: Double) -> String { d.double("\(v)") }
        // The first row of each customer's group by `order`. Grouped again by customer, so that
        // SQLite indexes the result for the joins below instead of scanning it per customer.
        func pick(_ name: String, from: String, order: String, values: [String]) -> String {
            """
            \(name) AS (
              SELECT customer_id, \(values.map { "MIN(\($0)) AS \($0)" }.joined(separator: ", ")) FROM (
                SELECT customer_id, \(values.joined(separator: ", ")),
                  ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY \(order)) AS pick FROM \(from)
              ) ranked WHERE pick = 1 GROUP BY customer_id
            )
            """
        }
        let responseWindow = Int64(settings.responseWindowDays) * 86_400
        let conversionWindow = Int64(settings.conversionWindowDays) * 86_400
        let t = thresholds

        let ctes = [
            """
            o AS (
              SELECT customer_id, seq, ts, amount_cents, discount_cents, category, \(day("ts")) AS day
              FROM orders WHERE ts <= \(asOf)
            )
            """,
            """
            p AS (
              SELECT customer_id, seq, ts, amount_cents, discount_cents, category, day,
                MIN(day) OVER (PARTITION BY customer_id) AS first_day
              FROM o WHERE amount_cents >= 0
            )
            """,
            """
            purchase_stats AS (
              SELECT customer_id, COUNT(*) AS orders, COUNT(DISTINCT day) AS purchase_days,
                MIN(day) AS first_day, MAX(day) AS last_day,
                CAST(SUM(CASE WHEN day > first_day THEN amount_cents ELSE 0 END) AS \(d.integer)) AS repeat_cents,
                SUM(CASE WHEN discount_cents > 0 THEN 1 ELSE 0 END) AS discounted,
                COUNT(DISTINCT category) AS categories
              FROM p GROUP BY customer_id
            )
            """,
            """
            order_stats AS (
              SELECT customer_id, CAST(SUM(amount_cents) AS \(d.integer)) AS revenue_cents,
                SUM(CASE WHEN amount_cents < 0 THEN 1 ELSE 0 END) AS refunds, MIN(ts) AS first_ts
              FROM o GROUP BY customer_id
            )
            """,
            """
            category_counts AS (
              SELECT customer_id, category, COUNT(*) AS n FROM p WHERE category IS NOT NULL GROUP BY customer_id, category
            )
            """,
            pick("top_category", from: "category_counts", order: "n DESC, \(d.byteOrder("category"))", values: ["category"]),
            """
            e AS (
              SELECT customer_id, seq, ts, type, value, \(kind("type")) AS kind,
                COALESCE(channel, \(impliedChannel("type"))) AS channel
              FROM events WHERE ts <= \(asOf)
            )
            """,
            """
            event_stats AS (
              SELECT customer_id,
                SUM(CASE WHEN kind = 'touch' THEN 1 ELSE 0 END) AS touches,
                SUM(CASE WHEN kind = 'response' THEN 1 ELSE 0 END) AS responses,
                SUM(CASE WHEN kind = 'support_ticket' THEN 1 ELSE 0 END) AS tickets,
                SUM(CASE WHEN kind = 'cart_abandon' THEN 1 ELSE 0 END) AS abandons,
                SUM(CASE WHEN kind IN ('support_ticket', 'nps', 'review') THEN 1 ELSE 0 END) AS feedbacks,
                COUNT(DISTINCT CASE WHEN kind <> 'touch' THEN type END) AS breadth,
                MIN(ts) AS first_ts
              FROM e GROUP BY customer_id
            )
            """,
            """
            nps_answers AS (SELECT customer_id, value, ts, seq FROM e WHERE kind = 'nps' AND value IS NOT NULL)
            """,
            pick("nps", from: "nps_answers", order: "ts DESC, seq DESC", values: ["value"]),
            // A touch is answered by the first response on its channel before the next touch
            // there, when that response comes within the window.
            """
            touch_runs AS (
              SELECT customer_id, channel, kind, ts,
                SUM(CASE WHEN kind = 'touch' THEN 1 ELSE 0 END) OVER (
                  PARTITION BY customer_id, channel ORDER BY ts, seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS touch_no
              FROM e WHERE kind IN ('touch', 'response') AND channel IS NOT NULL
            )
            """,
            """
            touch_answers AS (
              SELECT customer_id, channel, MIN(CASE WHEN kind = 'touch' THEN ts END) AS touch_ts,
                MIN(CASE WHEN kind = 'response' THEN ts END) AS answer_ts
              FROM touch_runs WHERE touch_no > 0 GROUP BY customer_id, channel, touch_no
            )
            """,
            """
            channel_stats AS (
              SELECT customer_id, channel, COUNT(*) AS touches,
                SUM(CASE WHEN answer_ts - touch_ts <= \(responseWindow) THEN 1 ELSE 0 END) AS answered,
                SUM(CASE WHEN answer_ts - touch_ts <= \(responseWindow) THEN answer_ts - touch_ts ELSE 0 END) AS response_seconds
              FROM touch_answers GROUP BY customer_id, channel
            )
            """,
            """
            answer_stats AS (
              SELECT customer_id, SUM(answered) AS answered, CAST(SUM(response_seconds) AS \(d.integer)) AS response_seconds
              FROM channel_stats GROUP BY customer_id
            )
            """,
            pick("main_channel", from: "channel_stats", order: "touches DESC, \(d.byteOrder("channel"))", values: ["touches", "answered"]),
            """
            channel_responses AS (
              SELECT customer_id, channel, COUNT(*) AS responses FROM e
              WHERE kind = 'response' AND channel IS NOT NULL GROUP BY customer_id, channel
            )
            """,
            pick("preferred_channel", from: "channel_responses", order: "responses DESC, \(d.byteOrder("channel"))", values: ["channel"]),
            // A touch converts when the next purchase at or after it comes within the window: the
            // running minimum from the latest row back (a frame that only grows: one pass, where a
            // frame to the end is recomputed for every row in PostgreSQL).
            """
            conversions AS (
              SELECT customer_id, SUM(CASE WHEN purchase = 0 AND next_purchase - ts <= \(conversionWindow) THEN 1 ELSE 0 END) AS converted
              FROM (
                SELECT customer_id, ts, purchase, MIN(CASE WHEN purchase = 1 THEN ts END) OVER (
                  PARTITION BY customer_id ORDER BY ts DESC, purchase DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS next_purchase
                FROM (SELECT customer_id, ts, 0 AS purchase FROM e WHERE kind = 'touch'
                      UNION ALL SELECT customer_id, ts, 1 AS purchase FROM p) touches_and_purchases
              ) next_purchases GROUP BY customer_id
            )
            """,
            """
            timed AS (
              SELECT customer_id, \(d.hour(ofEpoch: "ts")) AS hour, \(d.weekday(ofEpoch: "ts")) AS weekday
              FROM (SELECT customer_id, ts FROM p UNION ALL SELECT customer_id, ts FROM e WHERE kind = 'response') timed_rows
            )
            """,
            "hour_counts AS (SELECT customer_id, hour, COUNT(*) AS n FROM timed GROUP BY customer_id, hour)",
            pick("preferred_hour", from: "hour_counts", order: "n DESC, hour", values: ["hour"]),
            "weekday_counts AS (SELECT customer_id, weekday, COUNT(*) AS n FROM timed GROUP BY customer_id, weekday)",
            pick("preferred_weekday", from: "weekday_counts", order: "n DESC, weekday", values: ["weekday"]),
            // Activity: every order, refunds included, and every event but a touch.
            """
            activity_stats AS (
              SELECT customer_id, MAX(ts) AS last_ts, MAX(gap) AS longest_gap FROM (
                SELECT customer_id, ts, \(day("ts")) - \(day("LAG(ts) OVER (PARTITION BY customer_id ORDER BY ts)")) AS gap
                FROM (SELECT customer_id, ts FROM o UNION ALL SELECT customer_id, ts FROM e WHERE kind <> 'touch') activity_rows
              ) gaps GROUP BY customer_id
            )
            """,
            """
            channel_touches AS (SELECT channel, COUNT(*) AS n FROM e WHERE kind = 'touch' AND channel IS NOT NULL GROUP BY channel)
            """,
            "touch_total AS (SELECT COALESCE(SUM(n), 0) AS total FROM channel_touches)",
            """
            f AS (
              SELECT c.customer_id,
                COALESCE(ps.orders, 0) AS orders, COALESCE(ps.purchase_days, 0) AS purchase_days,
                ps.first_day, ps.last_day, COALESCE(ps.repeat_cents, 0) AS repeat_cents,
                COALESCE(ps.discounted, 0) AS discounted, COALESCE(ps.categories, 0) AS categories,
                COALESCE(os.revenue_cents, 0) AS revenue_cents, COALESCE(os.refunds, 0) AS refunds,
                tc.category AS top_category,
                COALESCE(es.touches, 0) AS touches, COALESCE(es.responses, 0) AS responses,
                COALESCE(es.tickets, 0) AS tickets, COALESCE(es.abandons, 0) AS abandons,
                COALESCE(es.feedbacks, 0) AS feedbacks, COALESCE(es.breadth, 0) AS breadth,
                nps.value AS nps,
                COALESCE(an.answered, 0) AS answered, COALESCE(an.response_seconds, 0) AS response_seconds,
                COALESCE(mc.touches, 0) AS main_touches, COALESCE(mc.answered, 0) AS main_answered,
                pc.channel AS preferred_channel, COALESCE(ct.n, 0) AS preferred_channel_touches,
                COALESCE(cv.converted, 0) AS converted,
                ph.hour AS preferred_hour, pw.weekday AS preferred_weekday,
                ac.last_ts AS last_activity, COALESCE(ac.longest_gap, 0) AS longest_gap,
                CASE WHEN c.signup IS NOT NULL AND (os.first_ts IS NULL OR c.signup <= os.first_ts)
                       AND (es.first_ts IS NULL OR c.signup <= es.first_ts) THEN c.signup
                     WHEN os.first_ts IS NOT NULL AND (es.first_ts IS NULL OR os.first_ts <= es.first_ts) THEN os.first_ts
                     ELSE es.first_ts END AS first_seen\(attributes.isEmpty ? "" : ",\n    ")\(attributes.map { "c.\(d.quote(identifier: $0.name)) AS \(d.quote(identifier: Self.attributeColumn($0.name)))" }.joined(separator: ", "))
              FROM customer_records c
                LEFT JOIN purchase_stats ps ON ps.customer_id = c.customer_id
                LEFT JOIN order_stats os ON os.customer_id = c.customer_id
                LEFT JOIN top_category tc ON tc.customer_id = c.customer_id
                LEFT JOIN event_stats es ON es.customer_id = c.customer_id
                LEFT JOIN nps ON nps.customer_id = c.customer_id
                LEFT JOIN answer_stats an ON an.customer_id = c.customer_id
                LEFT JOIN main_channel mc ON mc.customer_id = c.customer_id
                LEFT JOIN preferred_channel pc ON pc.customer_id = c.customer_id
                LEFT JOIN channel_touches ct ON ct.channel = pc.channel
                LEFT JOIN conversions cv ON cv.customer_id = c.customer_id
                LEFT JOIN preferred_hour ph ON ph.customer_id = c.customer_id
                LEFT JOIN preferred_weekday pw ON pw.customer_id = c.customer_id
                LEFT JOIN activity_stats ac ON ac.customer_id = c.customer_id
            )
            """,
            // RFM: 1 + ⌊5·w/n⌋, w = buyers with a strictly worse value (the rank's ties share it).
            """
            scores AS (
              SELECT customer_id,
                1 + \(d.divide("5 * (RANK() OVER (ORDER BY last_day) - 1)", "COUNT(*) OVER ()")) AS r_score,
                1 + \(d.divide("5 * (RANK() OVER (ORDER BY orders) - 1)", "COUNT(*) OVER ()")) AS f_score,
                1 + \(d.divide("5 * (RANK() OVER (ORDER BY revenue_cents) - 1)", "COUNT(*) OVER ()")) AS m_score
              FROM f WHERE orders > 0
            )
            """,
            // Shallow use: usage breadth at or below the lower quartile and below the median of
            // the customers with any activity.
            """
            breadths AS (
              SELECT breadth, ROW_NUMBER() OVER (ORDER BY breadth) - 1 AS i, COUNT(*) OVER () AS n
              FROM f WHERE last_activity IS NOT NULL
            )
            """,
            """
            shallow AS (
              SELECT COALESCE(CASE WHEN q < m THEN q ELSE m END, -1) AS breadth FROM (
                SELECT MIN(CASE WHEN i = \(d.divide("n", "4")) THEN breadth END) AS q,
                  MIN(CASE WHEN i = \(d.divide("n", "2")) THEN breadth - 1 END) AS m FROM breadths
              ) quantiles
            )
            """,
            """
            g AS (
              SELECT f.*, COALESCE(s.r_score, 0) AS r_score, COALESCE(s.f_score, 0) AS f_score, COALESCE(s.m_score, 0) AS m_score,
                \(asOfDay) - f.last_day AS recency_days,
                CASE WHEN f.orders = 0 THEN 1
                     WHEN \(asOfDay) - f.last_day > 90 AND (f.purchase_days <= 1
                       OR (\(asOfDay) - f.last_day) * (f.purchase_days - 1) > 2 * (f.last_day - f.first_day)) THEN 1
                     ELSE 0 END AS at_risk,
                CASE WHEN f.last_activity IS NULL OR \(asOfDay) - \(day("f.last_activity")) >= \(t.inactiveDays) THEN 1 ELSE 0 END AS long_silence,
                CASE WHEN f.touches >= \(t.minimumTouches) AND (\(ratio("f.answered", "f.touches")) < \(real(t.rareAnswersBelow))
                       OR (f.main_touches >= \(t.minimumTouches) AND \(ratio("f.main_answered", "f.main_touches")) < \(real(t.rareAnswersBelow))))
                     THEN 1 ELSE 0 END AS rare_answers,
                CASE WHEN f.touches >= \(t.minimumTouches) AND \(ratio("f.converted", "f.touches")) < \(real(t.lowConversionBelow))
                     THEN 1 ELSE 0 END AS low_conversion,
                CASE WHEN f.feedbacks = 0 THEN 1 ELSE 0 END AS no_feedback,
                CASE WHEN f.breadth <= sh.breadth THEN 1 ELSE 0 END AS shallow_use,
                CASE WHEN f.preferred_channel IS NOT NULL
                       AND \(d.double("f.preferred_channel_touches")) < \(real(t.minorChannelShare)) * \(d.double("tt.total"))
                     THEN 1 ELSE 0 END AS off_channel
              FROM f LEFT JOIN scores s ON s.customer_id = f.customer_id CROSS JOIN shallow sh CROSS JOIN touch_total tt
            )
            """,
            """
            h AS (
              SELECT g.*, rare_answers + low_conversion + at_risk + no_feedback + shallow_use + long_silence + off_channel AS signs
              FROM g
            )
            """,
        ]
        return "WITH\n" + ctes.joined(separator: ",\n") + "\nSELECT\n  " + outputs().joined(separator: ",\n  ")
            + "\nFROM h\nORDER BY \(d.byteOrder("customer_id"))"
    }

    /// `a / b` as a double, `a` cast first (the embedded engine's order of operations).
    private func ratio(_ a: String, _ b: String) -> String { "(\(dialect.double(a)) / \(b))" }

    /// The result's columns, as SELECT items over `h`.
    private func outputs() -> [String] {
        let d = dialect
        let asOfDay = Timestamp.day(settings.asOf)
        let t = thresholds
        func ifBuyer(_ e: String) -> String { "CASE WHEN orders > 0 THEN \(e) END" }
        func ifAmounts(_ e: String) -> String { hasAmounts ? e : "CAST(NULL AS \(d.real))" }
        let fm = d.divide("f_score + \(hasAmounts ? "m_score" : "f_score") + 1", "2")
        let rfm: [(String, String)] = [
            ("r_score = 0", RFMSegment.noPurchase.rawValue),
            ("r_score >= 4 AND \(fm) >= 4", RFMSegment.champions.rawValue),
            ("r_score >= 3 AND \(fm) >= 3", RFMSegment.loyal.rawValue),
            ("r_score >= 4 AND \(fm) = 2", RFMSegment.potentialLoyalist.rawValue),
            ("r_score = 5 AND \(fm) = 1", RFMSegment.newCustomers.rawValue),
            ("r_score = 4 AND \(fm) = 1", RFMSegment.promising.rawValue),
            ("r_score = 3 AND \(fm) = 2", RFMSegment.needAttention.rawValue),
            ("r_score = 3 AND \(fm) = 1", RFMSegment.aboutToSleep.rawValue),
            ("r_score = 1 AND \(fm) >= 4", RFMSegment.cantLoseThem.rawValue),
            ("r_score <= 2 AND \(fm) >= 3", RFMSegment.atRisk.rawValue),
            ("r_score = 2", RFMSegment.hibernating.rawValue),
        ]
        let rfmSegment = "CASE " + rfm.map { "WHEN \($0.0) THEN \(d.literal($0.1))" }.joined(separator: " ")
            + " ELSE \(d.literal(RFMSegment.lost.rawValue)) END"
        let engagement = "CASE WHEN touches > 0 THEN \(ratio("answered", "touches")) END"
        let responseDays = "CASE WHEN answered > 0 THEN \(d.double("response_seconds")) / 86400 / answered END"
        let activity = """
            CASE WHEN touches = 0 AND responses = 0 AND breadth = 0 THEN 'no-interactions'
                 WHEN first_seen IS NOT NULL AND \(asOfDay) - \(d.day(ofEpoch: "first_seen")) < \(t.newCustomerDays) THEN 'new'
                 WHEN long_silence = 1 OR signs >= \(t.leastEngagedSigns) THEN 'least-engaged'
                 WHEN touches > 0 AND answered > 0 AND \(ratio("answered", "touches")) >= \(d.double("\(t.activeFrom)"))
                   AND \(d.double("response_seconds")) / 86400 / answered <= \(d.double("\(t.activeWithinDays)")) THEN 'active'
                 ELSE 'passive' END
            """
        let reasons = "substr(" + DisengagementSign.all.map { sign in
            // The purchase-gap sign is the at-risk flag.
            "CASE WHEN \(sign.1 == "purchase_gap" ? "at_risk" : sign.1) = 1 THEN '+\(sign.1)' ELSE '' END"
        }.joined(separator: " || ") + ", 2)"
        func ifEvents(_ e: String, _ type: String) -> String { hasEvents ? e : "CAST(NULL AS \(type))" }

        var items: [String] = []
        for feature in Self.columns {
            let e: String
            switch feature {
            case .customerID: e = "customer_id"
            case .firstPurchase: e = ifBuyer(d.dateText(ofDay: "first_day"))
            case .lastPurchase: e = ifBuyer(d.dateText(ofDay: "last_day"))
            case .orders: e = "orders"
            case .revenue: e = ifAmounts("\(d.double("revenue_cents")) / 100")
            case .averageOrderValue: e = ifAmounts(ifBuyer("\(d.double("revenue_cents")) / 100 / orders"))
            case .recencyDays: e = "recency_days"
            case .tenureDays: e = ifBuyer("\(asOfDay) - first_day")
            case .repeatPurchases: e = ifBuyer("purchase_days - 1")
            case .btydRecencyDays: e = ifBuyer("last_day - first_day")
            case .rScore: e = "r_score"
            case .fScore: e = "f_score"
            case .mScore: e = hasAmounts ? "m_score" : "CAST(NULL AS \(d.integer))"
            case .rfmSegment: e = rfmSegment
            case .touches: e = "touches"
            case .responses: e = "responses"
            case .engagementRate: e = engagement
            case .averageResponseDays: e = responseDays
            case .conversionRate: e = "CASE WHEN touches > 0 THEN \(ratio("converted", "touches")) END"
            case .currentInactivityDays: e = "CASE WHEN last_activity IS NOT NULL THEN \(asOfDay) - \(d.day(ofEpoch: "last_activity")) END"
            case .longestInactivityDays:
                let current = "\(asOfDay) - \(d.day(ofEpoch: "last_activity"))"
                e = "CASE WHEN last_activity IS NOT NULL THEN (CASE WHEN longest_gap >= \(current) THEN longest_gap ELSE \(current) END) END"
            case .usageBreadth: e = "breadth"
            case .categories: e = "categories"
            case .topCategory: e = "top_category"
            case .preferredChannel: e = "preferred_channel"
            case .preferredHour: e = "preferred_hour"
            case .preferredWeekday: e = "preferred_weekday"
            case .discountShare: e = "CASE WHEN orders > 0 THEN \(ratio("discounted", "orders")) END"
            case .refunds: e = "refunds"
            case .npsScore: e = "nps"
            case .npsClass: e = "CASE WHEN nps >= 9 THEN 'promoter' WHEN nps >= 7 THEN 'passive' WHEN nps IS NOT NULL THEN 'detractor' END"
            case .supportTickets: e = "tickets"
            case .cartAbandons: e = "abandons"
            case .atRisk: e = "at_risk"
            case .activitySegment: e = ifEvents(activity, d.text)
            case .leastEngagedSigns: e = ifEvents("signs", d.integer)
            case .leastEngagedReasons: e = ifEvents(reasons, d.text)
            default: preconditionFailure("\(feature) is not computed in SQL")
            }
            items.append("\(e) AS \(d.quote(identifier: feature.rawValue))")
        }
        items += ["revenue_cents", "repeat_cents AS repeat_revenue_cents", "purchase_days",
                  "CASE WHEN first_seen IS NOT NULL THEN \(asOfDay) - \(d.day(ofEpoch: "first_seen")) END AS first_seen_days"]
        items += attributes.map { d.quote(identifier: Self.attributeColumn($0.name)) }
        return items
    }

    /// The SQL of an event type's kind (``EventVocabulary``), as the kind's raw value.
    private func kind(_ type: String) -> String {
        let known = EventVocabulary.table.sorted { $0.key < $1.key }
            .map { "WHEN \(dialect.literal($0.key)) THEN '\($0.value.0.rawValue)'" }
        return "(CASE lower(\(type)) \(known.joined(separator: " ")) ELSE 'other' END)"
    }

    /// The SQL of the channel an event type implies, NULL when none.
    private func impliedChannel(_ type: String) -> String {
        let known = EventVocabulary.table.sorted { $0.key < $1.key }
            .map { "WHEN \(dialect.literal($0.key)) THEN \($0.value.1.map(dialect.literal) ?? "NULL")" }
        let prefixes = EventVocabulary.channelPrefixes
            .map { "WHEN substr(lower(\(type)), 1, \($0.count + 1)) = '\($0)_' THEN '\($0)'" }
        return "(CASE lower(\(type)) \(known.joined(separator: " ")) ELSE (CASE \(prefixes.joined(separator: " ")) END) END)"
    }
}
