/// The profiles of every segment of every scheme (and of custom segments) against the rest.
public struct SegmentInsights: Sendable, Codable {
    public struct Scheme: Sendable, Codable {
        public var scheme: String
        public var segments: [SegmentContrast]
    }

    public var schemes: [Scheme]
    /// Which of the seed's causes of disengagement hold for the least-engaged segment.
    public var diagnostics: DisengagementDiagnostics?

    /// Indicators compared by their means.
    public static let indicators = ["engagement_rate", "avg_response_days", "conversion_rate", "avg_order_value", "orders", "revenue",
                                    "days_since_last_purchase", "discount_share", "usage_breadth", "support_tickets", "nps_score",
                                    "p_alive", "clv"]

    public init(_ catalog: FieldCatalog, _ s: Segmentation, customers: CustomerTable? = nil, custom: SegmentEvaluation? = nil) {
        diagnostics = customers.flatMap { table in
            s.activity.contains(.leastEngaged) ? DisengagementDiagnostics(s, customers: table) : nil
        }
        let numbers = Self.indicators.compactMap { name in catalog.numbers(name).map { (name: name, values: $0) } }
        let revenue = catalog.numbers("revenue") ?? []
        let skip: Set<String> = ["customer_id", "rfm_segment", "activity_segment"]
        let texts = catalog.customerFields.filter { $0.type == .text && !skip.contains($0.name) }.compactMap { field -> (name: String, codes: [Int32], values: [String])? in
            guard case let .text(codes, values)? = catalog.column(field.name), values.count <= 200 else { return nil }
            return (field.name, codes, values)
        }
        var schemes: [Scheme] = []
        for scheme in SegmentScheme.allCases {
            let (names, codes) = s.labels(scheme)
            let medians = Parallel.map(numbers.count) { GroupMedians(numbers[$0].values, groups: codes, count: names.count) }
            let segments = names.enumerated().compactMap { k, name -> SegmentContrast? in
                let members = codes.map { $0 == k }
                guard members.contains(true) else { return nil }
                let indicators = numbers.indices.map { i in
                    SegmentContrast.Indicator(name: numbers[i].name, values: numbers[i].values, medians: (medians[i].inGroup[k], medians[i].rest[k]))
                }
                return SegmentContrast(segment: name, members: members, numbers: indicators, revenue: revenue, texts: texts)
            }
            schemes.append(Scheme(scheme: scheme.rawValue, segments: segments))
        }
        if let custom {
            let segments = zip(custom.segmentNames, custom.members).compactMap { name, members -> SegmentContrast? in
                guard members.contains(true) else { return nil }
                let groups = members.map { $0 ? 0 : -1 }
                let indicators = Parallel.map(numbers.count) { i in
                    let medians = GroupMedians(numbers[i].values, groups: groups, count: 1)
                    return SegmentContrast.Indicator(name: numbers[i].name, values: numbers[i].values, medians: (medians.inGroup[0], medians.rest[0]))
                }
                return SegmentContrast(segment: name, members: members, numbers: indicators, revenue: revenue, texts: texts)
            }
            schemes.append(Scheme(scheme: "custom", segments: segments))
        }
        self.schemes = schemes
    }
}
