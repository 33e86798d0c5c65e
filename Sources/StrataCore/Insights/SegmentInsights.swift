/// Everything `analyze` learns about its segments: for every scheme (activity, RFM, custom
/// segments) each segment's profile against the rest, the priority ranking and an action plan
/// per segment; and which causes of disengagement hold for the least-engaged.
public struct SegmentInsights: Sendable, Codable {
    /// One scheme's segments: profiles, ranking (best first) and plans (in ranking order).
    public struct Scheme: Sendable, Codable {
        public var scheme: InsightScheme
        public var segments: [SegmentContrast]
        public var priorities: [SegmentPriority]
        public var plans: [ActionPlan]
    }

    /// How segments are ranked and planned.
    public struct Settings: Sendable {
        public var weights: PriorityWeights
        public var sizeGuard: SegmentSizeGuard
        public var playbook: Playbook

        public init(weights: PriorityWeights = PriorityWeights(), sizeGuard: SegmentSizeGuard = SegmentSizeGuard(),
                    playbook: Playbook = .standard) {
            self.weights = weights
            self.sizeGuard = sizeGuard
            self.playbook = playbook
        }
    }

    public var weights: PriorityWeights
    public var schemes: [Scheme]
    /// Which of the seed's causes of disengagement hold for the least-engaged segment.
    public var diagnostics: DisengagementDiagnostics?

    /// Indicators compared by their means and medians.
    public static let indicators: [CustomerFeature] = [
        .engagementRate, .averageResponseDays, .conversionRate, .averageOrderValue, .orders, .revenue, .recencyDays,
        .discountShare, .usageBreadth, .supportTickets, .npsScore, .pAlive, .clv,
    ]

    /// More segments to profile, rank and plan as one scheme (custom segments, clusters); segment
    /// names must be unique within it.
    public struct ExtraScheme: Sendable {
        public var scheme: InsightScheme
        public var names: [String]
        public var members: [[Bool]]

        public init(scheme: InsightScheme, names: [String], members: [[Bool]]) {
            self.scheme = scheme
            self.names = names
            self.members = members
        }

        /// The custom segments of a rules file.
        public init(custom: SegmentEvaluation) {
            self.init(scheme: .custom, names: custom.segmentNames, members: custom.members)
        }
    }

    /// Insights on the activity and RFM schemes (unless `builtIn` is false) and on `extra` ones;
    /// the diagnostics need `customers` and the built-in schemes.
    public init(_ catalog: FieldCatalog, _ s: Segmentation, customers: CustomerTable? = nil, extra: [ExtraScheme] = [],
                builtIn: Bool = true, settings: Settings = Settings()) {
        weights = settings.weights
        diagnostics = customers.flatMap { table in
            builtIn && s.schemes.contains(.activity) && s.activity.contains(.leastEngaged) ? DisengagementDiagnostics(s, customers: table) : nil
        }
        let numbers = Self.indicators.compactMap { feature in catalog.numbers(feature.rawValue).map { (name: feature.rawValue, values: $0) } }
        let revenue = numbers.first { $0.name == "revenue" }?.values ?? []
        let clv = numbers.first { $0.name == "clv" }?.values
        // Scheme labels say nothing a segment's own scheme does not: contrasting them would only
        // find each segment's own name.
        let skip = Set([CustomerFeature.customerID.rawValue, CustomerFeature.lifecycleNext.rawValue] + SegmentScheme.allCases.map(\.column))
        let texts = catalog.customerFields.filter { $0.type == .text && !skip.contains($0.name) }.compactMap { field -> (name: String, codes: [Int32], values: [String])? in
            guard case let .text(codes, values)? = catalog.column(field.name), values.count <= 200 else { return nil }
            return (field.name, codes, values)
        }
        let habitColumns = SegmentHabits.Columns(catalog, texts: texts)
        let causes = diagnostics?.holding ?? []
        let responseIndex = numbers.firstIndex { $0.name == "avg_response_days" }

        /// Profiles, ranks and plans the segments of one scheme; `medians(i, k)` gives indicator
        /// i's medians for segment k; `contrasts`, when given, are the segments' contrasts already
        /// computed (a partition's, all in one pass).
        func scheme(_ name: InsightScheme, _ segments: [(name: String, members: [Bool])], contrasts computed: [SegmentContrast]? = nil,
                    medians: (Int, Int) -> (inSegment: Double, rest: Double)) -> Scheme {
            let used = segments.indices.filter { segments[$0].members.contains(true) }
            let profiled = Parallel.map(used.count) { u -> (SegmentContrast, SegmentPriority.Totals, SegmentHabits) in
                let k = used[u], segment = segments[k]
                let contrast = computed?[k] ?? SegmentContrast(segment: segment.name, members: segment.members, numbers: numbers.indices.map { i in
                    SegmentContrast.Indicator(name: numbers[i].name, values: numbers[i].values, medians: medians(i, k))
                }, revenue: revenue, texts: texts)
                let segmentCLV = clv.map { clv in
                    zip(segment.members, clv).reduce(0.0) { sum, pair in pair.0 && pair.1.isFinite ? sum + pair.1 : sum }
                }
                let totals = SegmentPriority.Totals(segment: segment.name, size: contrast.size, revenue: contrast.revenue, clv: segmentCLV)
                let habits = SegmentHabits(members: segment.members, habitColumns, medianResponseDays: responseIndex.map { medians($0, k).inSegment })
                return (contrast, totals, habits)
            }
            let contrasts = profiled.map(\.0), totals = profiled.map(\.1), habits = profiled.map(\.2)
            var ladder: ((String) -> String?)?
            if case let .builtIn(kind) = name { ladder = kind.nextBetter }
            let priorities = SegmentPriority.rank(totals, customers: revenue.count, weights: settings.weights,
                                                  sizeGuard: settings.sizeGuard, ladder: ladder)
            let plans = priorities.compactMap { priority -> ActionPlan? in
                guard let k = contrasts.firstIndex(where: { $0.segment == priority.segment }) else { return nil }
                return ActionPlan(settings.playbook, contrast: contrasts[k], habits: habits[k], rank: priority.rank, causes: causes)
            }
            return Scheme(scheme: name, segments: contrasts, priorities: priorities, plans: plans)
        }

        var schemes: [Scheme] = []
        for kind in s.schemes where builtIn {
            let (names, codes) = s.labels(kind)
            let medians = Parallel.map(numbers.count) { GroupMedians(numbers[$0].values, groups: codes, count: names.count) }
            let segments = names.indices.map { k in (name: names[k], members: codes.map { $0 == k }) }
            let contrasts = SegmentContrast.partition(names: names, codes: codes, numbers: numbers.map { SegmentContrast.Indicator(name: $0.name, values: $0.values) },
                                                      medians: { i, k in (medians[i].inGroup[k], medians[i].rest[k]) }, revenue: revenue, texts: texts)
            schemes.append(scheme(.builtIn(kind), segments, contrasts: contrasts) { i, k in (medians[i].inGroup[k], medians[i].rest[k]) })
        }
        for more in extra {
            let segments = Array(zip(more.names, more.members)).map { (name: $0.0, members: $0.1) }
            let medians = segments.map { segment in
                let groups = segment.members.map { $0 ? 0 : -1 }
                return Parallel.map(numbers.count) { GroupMedians(numbers[$0].values, groups: groups, count: 1) }
            }
            schemes.append(scheme(more.scheme, segments) { i, k in (medians[k][i].inGroup[0], medians[k][i].rest[0]) })
        }
        self.schemes = schemes
    }
}
