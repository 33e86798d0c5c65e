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

    /// A built-in scheme's segments: their names in display order and each customer's index into them.
    package struct Partition {
        package var scheme: SegmentScheme
        package var names: [String]
        package var codes: [Int]

        package init(_ scheme: SegmentScheme, names: [String], codes: [Int]) {
            self.scheme = scheme
            self.names = names
            self.codes = codes
        }
    }

    /// Insights on the segmentation's built-in schemes (unless `builtIn` is false), with the
    /// diagnostics of its least-engaged, and on `extra` schemes.
    public init(_ catalog: FieldCatalog, _ s: Segmentation, extra: [ExtraScheme] = [], builtIn: Bool = true, settings: Settings = Settings()) {
        let diagnostics = builtIn && s.schemes.contains(.activity) && s.activity.contains(.leastEngaged) ? DisengagementDiagnostics(catalog, s) : nil
        let partitions: [Partition] = builtIn ? s.schemes.map { scheme in
            let labels = s.labels(scheme)
            return Partition(scheme, names: labels.names, codes: labels.codes)
        } : []
        self.init(catalog, partitions: partitions,
                  diagnostics: diagnostics, extra: extra, settings: settings)
    }

    /// Insights on the `partitions` and `extra` schemes from the customer fields of `catalog`.
    package init(_ catalog: FieldCatalog, partitions: [Partition], diagnostics: DisengagementDiagnostics?, extra: [ExtraScheme] = [],
                 settings: Settings = Settings()) {
        weights = settings.weights
        self.diagnostics = diagnostics
        let numbers = Self.indicators.compactMap { feature in catalog.numbers(feature.rawValue).map { (name: feature.rawValue, values: $0) } }
        let revenue = numbers.first { $0.name == "revenue" }?.values ?? []
        let clv = numbers.first { $0.name == "clv" }?.values
        // Scheme labels say nothing a segment's own scheme does not: contrasting them would only
        // find each segment's own name.
        let skip = Set([CustomerFeature.customerID.rawValue, CustomerFeature.lifecycleNext.rawValue] + SegmentScheme.allCases.map(\.column))
        // The text columns are made side by side (a column of texts hashes one per customer).
        let textFields = catalog.customerFields.filter { $0.type == .text && !skip.contains($0.name) }
        let texts = Parallel.map(textFields.count) { t -> (name: String, codes: [Int32], values: [String])? in
            guard case let .text(codes, values)? = catalog.column(textFields[t].name), values.count <= 200 else { return nil }
            return (textFields[t].name, codes, values)
        }.compactMap { $0 }
        let habitColumns = SegmentHabits.Columns(catalog, texts: texts)
        let causes = diagnostics?.holding ?? []
        let responseIndex = numbers.firstIndex { $0.name == "avg_response_days" }

        /// Ranks and plans the segments of one scheme from each one's contrast, CLV and habits.
        func scheme(_ name: InsightScheme, _ profiled: [(contrast: SegmentContrast, clv: Double?, habits: SegmentHabits)]) -> Scheme {
            let used = profiled.filter { $0.contrast.size > 0 }
            let contrasts = used.map(\.contrast), habits = used.map(\.habits)
            let totals = used.map { SegmentPriority.Totals(segment: $0.contrast.segment, size: $0.contrast.size, revenue: $0.contrast.revenue, clv: $0.clv) }
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
        /// Every column's medians and moments in every group of every partition, a column at a
        /// time: its buckets are made once, and its values read once, for all of them.
        func columnFigures(_ partitions: PartitionCodes) -> [(medians: [GroupMedians], moments: GroupMoments)] {
            Parallel.map(partitions.count == 0 ? 0 : numbers.count) { i in
                (GroupMedians.each(BucketedColumn(numbers[i].values), partitions), GroupMoments(numbers[i].values, partitions))
            }
        }
        /// Indicator i's figures in group g of partition p.
        func stats(_ columns: [(medians: [GroupMedians], moments: GroupMoments)], _ i: Int, partition p: Int, group g: Int) -> SegmentContrast.NumberStats {
            columns[i].moments.stats(numbers[i].name, partition: p, group: g, medians: (columns[i].medians[p].inGroup[g], columns[i].medians[p].rest[g]))
        }
        let partitionCodes = PartitionCodes(partitions.map { ($0.codes, $0.names.count) }, customers: catalog.count)
        let columns = columnFigures(partitionCodes)
        let textCounts = Parallel.map(partitions.isEmpty ? 0 : texts.count) { t in
            (name: texts[t].name, values: texts[t].values, counts: GroupTextCounts(codes: texts[t].codes, values: texts[t].values.count, partitionCodes))
        }
        // A built-in scheme is a partition: every figure of every segment in one pass per column.
        // The schemes are profiled side by side (each one's counts are a pass over every customer).
        schemes += Parallel.map(partitions.count) { p -> Scheme in
            let partition = partitions[p]
            let (kind, names, codes) = (partition.scheme, partition.names, partition.codes)
            let numberStats = numbers.indices.map { i in names.indices.map { g in stats(columns, i, partition: p, group: g) } }
            let contrasts = SegmentContrast.partition(p, names: names, codes: codes, numbers: numberStats, revenue: revenue, texts: textCounts)
            var segmentCLV = [Double](repeating: 0, count: names.count)
            for (c, value) in (clv ?? []).enumerated() where value.isFinite { segmentCLV[codes[c]] += value }
            let habits = SegmentHabits.partition(groups: codes, count: names.count, habitColumns) { k in
                responseIndex.map { columns[$0].medians[p].inGroup[k] }
            }
            return scheme(.builtIn(kind), names.indices.map { k in (contrasts[k], clv == nil ? nil : segmentCLV[k], habits[k]) })
        }
        for more in extra {
            // Each segment of the scheme is a partition of one group, its members (segments may
            // overlap), so that every column is read once for all of them.
            let extraColumns = columnFigures(PartitionCodes(members: more.members, customers: catalog.count))
            let profiled = Parallel.map(more.names.count) { k -> (contrast: SegmentContrast, clv: Double?, habits: SegmentHabits) in
                let members = more.members[k]
                let contrast = SegmentContrast(segment: more.names[k], members: members, numberStats: numbers.indices.map { stats(extraColumns, $0, partition: k, group: 0) },
                                               revenue: revenue, texts: texts)
                let segmentCLV = clv.map { clv in zip(members, clv).reduce(0.0) { sum, pair in pair.0 && pair.1.isFinite ? sum + pair.1 : sum } }
                let habits = SegmentHabits(members: members, habitColumns, medianResponseDays: responseIndex.map { extraColumns[$0].medians[k].inGroup[0] })
                return (contrast, segmentCLV, habits)
            }
            schemes.append(scheme(more.scheme, profiled))
        }
        self.schemes = schemes
    }
}
