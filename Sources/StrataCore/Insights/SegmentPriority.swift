/// How much each part of the priority score counts (see ``SegmentPriority``); they are used
/// normalised to sum to 1.
public struct PriorityWeights: Sendable, Codable, Hashable {
    public var value: Double
    public var potential: Double
    public var size: Double

    public init(value: Double = 0.5, potential: Double = 0.3, size: Double = 0.2) {
        self.value = value
        self.potential = potential
        self.size = size
    }

    /// Parses `value=0.6,potential=0.4,size=0`; a part not named weighs 0.
    public init(parsing text: String) throws(PriorityWeightsError) {
        self.init(value: 0, potential: 0, size: 0)
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformed(String(item)) }
            guard let weight = Double(pair[1]), weight.isFinite, weight >= 0 else { throw .badWeight(name: pair[0], text: pair[1]) }
            switch pair[0] {
            case "value": value = weight
            case "potential": potential = weight
            case "size": size = weight
            default: throw .unknownPart(pair[0])
            }
        }
        guard value + potential + size > 0 else { throw .allZero }
    }

    package var normalised: PriorityWeights {
        let total = value + potential + size
        return PriorityWeights(value: value / total, potential: potential / total, size: size / total)
    }
}

/// Why a `--weights` text cannot be read.
public enum PriorityWeightsError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case badWeight(name: String, text: String)
    case unknownPart(String)
    case allZero

    public var description: String {
        switch self {
        case let .malformed(item): return "'\(item)': expected name=weight, e.g. value=0.5,potential=0.3,size=0.2"
        case let .badWeight(name, text): return "\(name)='\(text)': expected a number ≥ 0"
        case let .unknownPart(name): return "'\(name)': expected value, potential or size"
        case .allZero: return "at least one weight must be above 0"
        }
    }
}

/// A segment's place in the order of what to work on first. The score is a weighted sum of three
/// shares, each summing to 1 over the ranked segments of a scheme:
/// - **value**: the segment's share of the value now — of revenue, or, when lifetime models ran,
///   the mean of its revenue share and its CLV share;
/// - **potential**: its share of the total uplift, where a segment's uplift is its size × the gap
///   in value per customer (CLV when present, else revenue) to the next-better segment (none when
///   that one is not worth more per customer). The next-better segment is the next step up the
///   scheme's own ladder (``SegmentScheme/nextBetter(_:)``) — skipping steps too small to rank —
///   or, for segments with no ladder (custom segments, clusters), the ranked segment worth the
///   least more per customer;
/// - **size**: its share of the customers.
/// Segments under the minimum size are listed but not ranked, and are nobody's next-better segment.
public struct SegmentPriority: Sendable, Codable, Hashable {
    public var segment: String
    /// 1 = first; nil when the segment is too small to act on.
    public var rank: Int?
    public var size: Int
    /// Share of all customers (``sizeShare`` is of the ranked ones, for the score).
    public var share: Double
    public var score: Double
    public var valueShare: Double
    public var potentialShare: Double
    public var sizeShare: Double
    /// CLV per customer when lifetime models ran, else revenue per customer.
    public var valuePerCustomer: Double
    public var nextBetter: String?
    /// size × (value per customer of the next-better segment − this one's).
    public var potential: Double
    public var sentence: String

    /// A segment's totals.
    public struct Totals: Sendable {
        public var segment: String
        public var size: Int
        public var revenue: Double
        public var clv: Double?

        public init(segment: String, size: Int, revenue: Double, clv: Double?) {
            self.segment = segment
            self.size = size
            self.revenue = revenue
            self.clv = clv
        }
    }

    /// Ranks the segments of one scheme; `customers` is the size of the base.
    public static func rank(_ segments: [Totals], customers: Int, weights: PriorityWeights = PriorityWeights(),
                            sizeGuard: SegmentSizeGuard = SegmentSizeGuard(),
                            ladder: ((String) -> String?)? = nil) -> [SegmentPriority] {
        let w = weights.normalised
        let usesCLV = !segments.isEmpty && segments.allSatisfy { $0.clv != nil }
        let ranked = segments.filter { !sizeGuard.isTooSmall(size: $0.size, of: customers) && $0.size > 0 }
        func perCustomer(_ s: Totals) -> Double { s.size > 0 ? (usesCLV ? s.clv ?? 0 : s.revenue) / Double(s.size) : 0 }
        func share(_ part: Double, _ total: Double) -> Double { total > 0 ? part / total : 0 }
        let revenueTotal = ranked.reduce(0) { $0 + max($1.revenue, 0) }
        let clvTotal = ranked.reduce(0) { $0 + max($1.clv ?? 0, 0) }
        let sizeTotal = ranked.reduce(0) { $0 + $1.size }
        let rankedByName = Dictionary(ranked.map { ($0.segment, $0) }, uniquingKeysWith: { a, _ in a })
        func step(_ s: Totals) -> Totals? {
            guard let ladder else {
                return ranked.filter { perCustomer($0) > perCustomer(s) }.min { perCustomer($0) < perCustomer($1) }
            }
            var name = ladder(s.segment)
            var seen: Set<String> = [s.segment]
            while let current = name, seen.insert(current).inserted {
                if let next = rankedByName[current] { return next }
                name = ladder(current)
            }
            return nil
        }
        let nextBetter: [String: Totals] = Dictionary(uniqueKeysWithValues: ranked.compactMap { s in step(s).map { (s.segment, $0) } })
        func potential(_ s: Totals) -> Double {
            nextBetter[s.segment].map { Double(s.size) * max(0, perCustomer($0) - perCustomer(s)) } ?? 0
        }
        let potentialTotal = ranked.reduce(0) { $0 + potential($1) }
        var rows = segments.map { s -> SegmentPriority in
            let isRanked = ranked.contains { $0.segment == s.segment }
            let revenueShare = share(max(s.revenue, 0), revenueTotal)
            let valueShare = isRanked ? (usesCLV ? (revenueShare + share(max(s.clv ?? 0, 0), clvTotal)) / 2 : revenueShare) : 0
            let potentialShare = isRanked ? share(potential(s), potentialTotal) : 0
            let sizeShare = isRanked ? share(Double(s.size), Double(sizeTotal)) : 0
            return SegmentPriority(segment: s.segment, rank: nil, size: s.size, share: share(Double(s.size), Double(customers)),
                                   score: isRanked ? w.value * valueShare + w.potential * potentialShare + w.size * sizeShare : 0,
                                   valueShare: valueShare, potentialShare: potentialShare, sizeShare: sizeShare,
                                   valuePerCustomer: perCustomer(s), nextBetter: isRanked ? nextBetter[s.segment]?.segment : nil,
                                   potential: isRanked ? potential(s) : 0, sentence: "")
        }
        let order = rows.indices.filter { ranked.map(\.segment).contains(rows[$0].segment) }
            .sorted { rows[$0].score != rows[$1].score ? rows[$0].score > rows[$1].score : rows[$0].segment < rows[$1].segment }
        for (position, i) in order.enumerated() { rows[i].rank = position + 1 }
        let basis = usesCLV ? "CLV" : "revenue"
        for i in rows.indices { rows[i].sentence = sentence(rows[i], basis: basis, sizeGuard: sizeGuard) }
        return rows.sorted { ($0.rank ?? .max, $0.segment) < ($1.rank ?? .max, $1.segment) }
    }

    package static func sentence(_ p: SegmentPriority, basis: String, sizeGuard: SegmentSizeGuard) -> String {
        guard let rank = p.rank else {
            return "\(p.segment): \(NumberFormat.grouped(p.size)) customers, below the minimum of \(sizeGuard.minimumCount) or "
                + "\(NumberFormat.percent(sizeGuard.minimumShare)) of the base: not ranked"
        }
        var text = "#\(rank) \(p.segment) (score \(NumberFormat.decimal(p.score, 3))): \(NumberFormat.percent(p.share)) of customers, "
            + "\(NumberFormat.percent(p.valueShare)) of the value now"
        if let next = p.nextBetter, p.potential <= 0 {
            text += "; next step up: \"\(next)\", which is not worth more \(basis) per customer"
        } else if let next = p.nextBetter {
            let gap = p.size > 0 ? p.potential / Double(p.size) : 0
            text += "; \(NumberFormat.grouped(p.size)) customers × \(NumberFormat.decimal(gap, 2)) more \(basis) each if they reached \"\(next)\" = "
                + "\(NumberFormat.grouped(Int(p.potential.rounded()))) (\(NumberFormat.percent(p.potentialShare)) of the potential)"
        } else {
            text += "; nothing ranked above it (\(NumberFormat.decimal(p.valuePerCustomer, 2)) \(basis) each)"
        }
        return text
    }
}
