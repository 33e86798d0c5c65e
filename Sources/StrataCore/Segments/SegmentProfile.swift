/// The indicators compared across segments (the seed's comparison table and more).
public enum Indicator: String, Sendable, Hashable, CaseIterable, Codable {
    case engagementRate = "engagement_rate"
    case averageResponseDays = "avg_response_days"
    case conversionRate = "conversion_rate"
    case averageOrderValue = "avg_order_value"
    case purchasesPerMonth = "purchases_per_month"
    /// Share of the members `at_risk` (the comparison's "churn risk" row).
    case atRiskShare = "at_risk_share"
    case orders
    case revenue
    case recencyDays = "recency_days"
    case currentInactivityDays = "current_inactivity_days"

    /// Names of earlier versions: "'old' was renamed 'new'" (docs/changes.md).
    public static func renameNote(_ name: String) -> String? {
        name == "churn_risk" ? "'churn_risk' was renamed '\(Indicator.atRiskShare.rawValue)'" : nil
    }

    /// The customer's value, nil when undefined (e.g. response time without answered touches).
    package func value(_ c: Int, _ f: CustomerFeatures) -> Double? {
        switch self {
        case .engagementRate: return f.engagementRate(c)
        case .averageResponseDays: return f.averageResponseDays(c)
        case .conversionRate: return f.conversionRate(c)
        case .averageOrderValue: return f.averageOrderValue(c)
        case .purchasesPerMonth: return f.purchasesPerMonth(c)
        case .atRiskShare: return f.atRisk(c) ? 1 : 0
        case .orders: return Double(f.orders[c])
        case .revenue: return Double(f.revenueCents[c]) / 100
        case .recencyDays: return f.daysSinceLastPurchase(c).map(Double.init)
        case .currentInactivityDays: return f.currentInactivityDays(c).map(Double.init)
        }
    }
}

/// One segment's size, revenue and indicator means.
public struct SegmentProfile: Sendable, Codable, Hashable {
    public var segment: String
    public var size: Int
    /// Share of all customers, 0–1.
    public var share: Double
    public var revenue: Double
    /// Share of all net revenue, 0–1 (0 when total revenue is not positive).
    public var revenueShare: Double
    /// Mean of each indicator over the members for whom it is defined; absent when none.
    public var means: [String: Double]

    /// The mean of an indicator over the members for whom it is defined.
    public func mean(_ indicator: Indicator) -> Double? { means[indicator.rawValue] }

    package enum CodingKeys: String, CodingKey {
        case segment, size, share, revenue, means
        case revenueShare = "revenue_share"
    }
}

/// Profiles of every segment of a scheme, plus the whole base as `overall`.
public struct SchemeSummary: Sendable, Codable, Hashable {
    public var scheme: SegmentScheme
    public var segments: [SegmentProfile]
    public var overall: SegmentProfile
    /// Lifecycle: customers by stage now (rows) and the stage they are moving toward (columns),
    /// both in segment order.
    public var movingToward: [[Int]]?
    /// Loyalty: the lowest value of each tier with members, and what is ranked (`clv` or `revenue`).
    public var floors: [String: Double]?
    public var rankedBy: String?

    package enum CodingKeys: String, CodingKey {
        case scheme, segments, overall, floors
        case movingToward = "moving_toward", rankedBy = "ranked_by"
    }

    /// Aggregates a scheme: `codes[c]` is customer c's index into `names`, `indicatorColumns`
    /// each ``Indicator``'s value per customer (NaN or infinite: none). Sums in 128-bit integer cents (no
    /// total of Int64 customer revenues can overflow) and in customer order, so results never
    /// depend on thread timing.
    package init(_ scheme: SegmentScheme, names: [String], codes: [Int], indicatorColumns columns: [[Double]], revenueCents: [Int64]) {
        let partitions = PartitionCodes([(codes, names.count)], customers: codes.count)
        self.init(scheme, names: names, codes: codes, moments: columns.map { GroupMoments($0, partitions) }, partition: 0,
                  revenueCents: revenueCents)
    }

    /// Aggregates partition `p` of the indicators' ``GroupMoments`` (each indicator's sum and
    /// count per segment of every scheme, from one pass over its column for all schemes).
    private init(_ scheme: SegmentScheme, names: [String], codes: [Int], moments: [GroupMoments], partition p: Int, revenueCents: [Int64]) {
        self.scheme = scheme
        let groups = names.count + 1
        var sizes = [Int](repeating: 0, count: groups)
        var cents = [Int128](repeating: 0, count: groups)
        let overallGroup = names.count
        for c in codes.indices {
            let segment = codes[c]
            sizes[segment] += 1
            sizes[overallGroup] += 1
            cents[segment] += Int128(revenueCents[c])
            cents[overallGroup] += Int128(revenueCents[c])
        }
        let total = max(codes.count, 1)
        let totalCents = cents[names.count]
        func profile(_ g: Int, _ name: String) -> SegmentProfile {
            var means: [String: Double] = [:]
            for (i, indicator) in Indicator.allCases.enumerated() {
                let k = moments[i].offsets[p] + g
                let (n, sum) = g == overallGroup ? (moments[i].all.n, moments[i].all.sum) : (moments[i].n[k], moments[i].sum[k])
                if n > 0 { means[indicator.rawValue] = sum / Double(n) }
            }
            return SegmentProfile(segment: name, size: sizes[g], share: Double(sizes[g]) / Double(total),
                                  revenue: Double(cents[g]) / 100,
                                  revenueShare: totalCents > 0 ? Double(cents[g]) / Double(totalCents) : 0,
                                  means: means)
        }
        segments = names.indices.map { profile($0, names[$0]) }
        overall = profile(names.count, "overall")
    }

    /// Every scheme's summary; the indicators are computed once for all of them, and each
    /// indicator's column is read once for every segment of every scheme.
    public static func all(_ segmentation: Segmentation) -> [SchemeSummary] {
        let f = segmentation.features
        let columns = Indicator.allCases.map { indicator in Parallel.mapEach(f.count) { indicator.value($0, f) ?? .nan } }
        let schemes = segmentation.schemes
        let labels = schemes.map { segmentation.labels($0) }
        let partitions = PartitionCodes(labels.map { ($0.codes, $0.names.count) }, customers: f.count)
        let moments = Parallel.map(columns.count) { GroupMoments(columns[$0], partitions) }
        return Parallel.map(schemes.count) { p in
            SchemeSummary(segmentation, scheme: schemes[p], labels: labels[p], moments: moments, partition: p)
        }
    }

    /// Aggregates a scheme of the segmentation, with its lifecycle flow or loyalty floors.
    private init(_ segmentation: Segmentation, scheme: SegmentScheme, labels: (names: [String], codes: [Int]), moments: [GroupMoments], partition p: Int) {
        let (names, codes) = labels
        let f = segmentation.features
        self.init(scheme, names: names, codes: codes, moments: moments, partition: p, revenueCents: f.revenueCents)
        let behaviour = segmentation.behaviour
        switch scheme {
        case .lifecycle:
            var flow = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: names.count)
            let stages = LifecycleStage.allCases
            for c in 0..<f.count {
                flow[codes[c]][stages.firstIndex(of: behaviour.lifecycle.next[c])!] += 1
            }
            movingToward = flow
        case .loyalty:
            floors = [LoyaltyTier.gold.rawValue: behaviour.loyaltyFloors.gold, LoyaltyTier.silver.rawValue: behaviour.loyaltyFloors.silver]
                .compactMapValues { $0 }
            rankedBy = behaviour.loyaltyByCLV ? "clv" : "revenue"
        case .rfm, .activity, .email, .experience, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .interests, .status, .shopper:
            break
        }
    }
}
