import Foundation

/// What a segment's members share, against the rest of the base: numeric indicators whose means
/// differ (Welch's t-test, Cohen's d) and attribute values that are over- or under-represented
/// (2×2 χ² test, lift), all tests of a segment corrected together (Benjamini–Hochberg). Only
/// findings that are significant (q < `alpha`) and large enough are kept, strongest first, each
/// with a sentence a marketer reads.
public struct SegmentContrast: Sendable, Codable {
    public struct Finding: Sendable, Codable, Hashable {
        public var field: String
        /// For attributes: the value.
        public var value: String?
        /// Mean (indicators) or share (attribute values) in the segment and in the rest.
        public var inSegment: Double
        public var rest: Double
        /// Indicators: the medians in the segment and in the rest.
        public var medianInSegment: Double?
        public var medianRest: Double?
        /// Cohen's d (indicators) or lift = share in segment / share in the rest (attributes;
        /// 1,000,000 when the rest has none).
        public var effect: Double
        public var q: Double
        public var sentence: String
    }

    public var segment: String
    public var size: Int
    /// Share of all customers, 0–1.
    public var share: Double
    /// The members' net revenue, and its share of everyone's (0 when that is not positive).
    public var revenue: Double
    public var revenueShare: Double
    /// Every indicator's mean and (when known) median in the segment, by indicator name.
    public var means: [String: Double] = [:]
    public var medians: [String: Double] = [:]
    public var findings: [Finding]

    /// A numeric indicator: every customer's value (NaN = missing) and, when known, its medians
    /// in the segment and in the rest.
    public struct Indicator: Sendable {
        public var name: String
        public var values: [Double]
        public var medians: (inSegment: Double, rest: Double)?
    }

    /// Thresholds: |d| ≥ 0.3 for indicators; lift ≥ 1.5 or ≤ 1/1.5 with ≥ 5 points of share
    /// difference for attribute values.
    public static let minimumEffect = 0.3
    public static let minimumLift = 1.5
    public static let minimumShareGap = 0.05

    /// Count, sum and sum of squares of an indicator's values inside (0) and outside (1) a segment.
    package struct NumberStats: Sendable {
        package var name: String
        package var n: (Double, Double) = (0, 0)
        package var sum: (Double, Double) = (0, 0)
        package var squares: (Double, Double) = (0, 0)
        package var medians: (inSegment: Double, rest: Double)?
    }

    /// Customers with each value of a text column inside (`counts[2k]`) and outside (`counts[2k + 1]`) a segment.
    package struct TextStats: Sendable {
        package var name: String
        package var values: [String]
        package var counts: [Double]
    }

    public init(segment: String, members: [Bool], numbers: [Indicator], revenue: [Double],
                texts: [(name: String, codes: [Int32], values: [String])], alpha: Double = 0.05) {
        let numberStats = numbers.map { indicator -> NumberStats in
            // Inside (0) and outside (1) the segment, accumulated in customer order.
            var n0 = 0.0, n1 = 0.0, sum0 = 0.0, sum1 = 0.0, squares0 = 0.0, squares1 = 0.0
            for (c, v) in indicator.values.enumerated() where v.isFinite {
                if members[c] { n0 += 1; sum0 += v; squares0 += v * v } else { n1 += 1; sum1 += v; squares1 += v * v }
            }
            return NumberStats(name: indicator.name, n: (n0, n1), sum: (sum0, sum1), squares: (squares0, squares1), medians: indicator.medians)
        }
        self.init(segment: segment, members: members, numberStats: numberStats, revenue: revenue, texts: texts, alpha: alpha)
    }

    /// The same from each indicator's figures inside and outside the segment (``GroupMoments``).
    package init(segment: String, members: [Bool], numberStats: [NumberStats], revenue: [Double],
                 texts: [(name: String, codes: [Int32], values: [String])], alpha: Double = 0.05) {
        let size = members.lazy.filter { $0 }.count
        var revenueIn = 0.0, revenueAll = 0.0
        for (c, r) in revenue.enumerated() where r.isFinite {
            revenueAll += r
            if members[c] { revenueIn += r }
        }
        let textStats = texts.map { name, codes, values -> TextStats in
            var counts = [Double](repeating: 0, count: values.count * 2)
            counts.withUnsafeMutableBufferPointer { counts in
                for (c, code) in codes.enumerated() where code >= 0 { counts[Int(code) * 2 + (members[c] ? 0 : 1)] += 1 }
            }
            return TextStats(name: name, values: values, counts: counts)
        }
        self.init(segment: segment, size: size, customers: members.count, revenueIn: revenueIn, revenueAll: revenueAll,
                  numbers: numberStats, texts: textStats, alpha: alpha)
    }

    /// The contrasts of every segment of partition `p` (`codes[c]` is customer c's segment) from
    /// each indicator's figures in each segment (`numbers[i][g]`, from ``GroupMoments``) and each
    /// text column's counts (``GroupTextCounts``): the outside figures are the whole base's minus
    /// the segment's.
    package static func partition(_ p: Int, names: [String], codes: [Int], numbers: [[NumberStats]], revenue: [Double],
                                  texts: [(name: String, values: [String], counts: GroupTextCounts)], alpha: Double = 0.05) -> [SegmentContrast] {
        let k = names.count
        var sizes = [Int](repeating: 0, count: k)
        for code in codes { sizes[code] += 1 }
        var revenueIn = [Double](repeating: 0, count: k), revenueAll = 0.0
        for (c, r) in revenue.enumerated() where r.isFinite {
            revenueAll += r
            revenueIn[codes[c]] += r
        }
        return (0..<k).map { g in
            let textStats = texts.map { name, values, counts -> TextStats in
                var split = [Double](repeating: 0, count: values.count * 2)
                for v in values.indices {
                    let inside = counts.count(v, partition: p, group: g)
                    split[2 * v] = Double(inside)
                    split[2 * v + 1] = Double(counts.all[v] - inside)
                }
                return TextStats(name: name, values: values, counts: split)
            }
            return SegmentContrast(segment: names[g], size: sizes[g], customers: codes.count, revenueIn: revenueIn[g], revenueAll: revenueAll,
                                   numbers: numbers.map { $0[g] }, texts: textStats, alpha: alpha)
        }
    }

    /// The findings from the inside/outside figures.
    package init(segment: String, size: Int, customers: Int, revenueIn: Double, revenueAll: Double,
                 numbers: [NumberStats], texts: [TextStats], alpha: Double) {
        self.segment = segment
        self.size = size
        share = customers == 0 ? 0 : Double(size) / Double(customers)
        revenue = revenueIn
        revenueShare = revenueAll > 0 ? revenueIn / revenueAll : 0
        var candidates: [(finding: Finding, p: Double, keep: Bool)] = []
        for stats in numbers {
            let name = stats.name
            let n = [stats.n.0, stats.n.1], sum = [stats.sum.0, stats.sum.1], squares = [stats.squares.0, stats.squares.1]
            guard n[0] > 1, n[1] > 1 else { continue }
            let mean = [sum[0] / n[0], sum[1] / n[1]]
            means[name] = mean[0]
            if let median = stats.medians?.inSegment, median.isFinite { medians[name] = median }
            let variance = (0..<2).map { max(0, (squares[$0] - n[$0] * mean[$0] * mean[$0]) / (n[$0] - 1)) }
            let pooled = (((n[0] - 1) * variance[0] + (n[1] - 1) * variance[1]) / (n[0] + n[1] - 2)).squareRoot()
            let d = pooled > 0 ? (mean[0] - mean[1]) / pooled : 0
            let p = Statistics.welch(mean1: mean[0], variance1: variance[0], n1: n[0], mean2: mean[1], variance2: variance[1], n2: n[1]).p
            let label = name.replacingOccurrences(of: "_", with: " ")
            let medians = stats.medians.map { "; median \(Self.format($0.inSegment)) vs \(Self.format($0.rest))" } ?? ""
            let sentence = "\(label) \(Self.format(mean[0])) vs \(Self.format(mean[1])) for the rest: \(Self.words(effect: d)) "
                + "(effect size d = \(NumberFormat.decimal(d, 1))\(medians))"
            let finding = Finding(field: name, value: nil, inSegment: mean[0], rest: mean[1],
                                  medianInSegment: stats.medians?.inSegment, medianRest: stats.medians?.rest,
                                  effect: d, q: 1, sentence: sentence)
            candidates.append((finding, p, abs(d) >= Self.minimumEffect))
        }
        let inside = Double(size), outside = Double(customers - size)
        for stats in texts where inside > 0 && outside > 0 {
            let (name, values, counts) = (stats.name, stats.values, stats.counts)
            for (k, value) in values.enumerated() {
                let a = counts[2 * k], b = counts[2 * k + 1]
                guard a + b >= 5 else { continue }
                let shareIn = a / inside, shareRest = b / outside
                let lift = shareRest > 0 ? shareIn / shareRest : .infinity
                let p = Statistics.chiSquareOneDF(Self.chiSquare(a: a, b: inside - a, c: b, d: outside - b))
                let label = name.replacingOccurrences(of: "_", with: " ")
                let sentence = shareIn == 0
                    ? "none have \(label) \"\(value)\" vs \(NumberFormat.percent(shareRest)) of the rest"
                    : lift >= 1
                    ? "\(NumberFormat.percent(shareIn)) have \(label) \"\(value)\" vs \(NumberFormat.percent(shareRest)) of the rest: "
                        + (lift.isFinite ? "\(Self.words(lift: lift)) (\(NumberFormat.decimal(lift, 1)) times as common)" : "found only here")
                    : "\(NumberFormat.percent(shareIn)) have \(label) \"\(value)\" vs \(NumberFormat.percent(shareRest)) of the rest: "
                        + "\(Self.words(lift: lift)) (\(NumberFormat.decimal(1 / max(lift, 1e-9), 1)) times less common)"
                let large = (lift >= Self.minimumLift || lift <= 1 / Self.minimumLift) && abs(shareIn - shareRest) >= Self.minimumShareGap
                candidates.append((Finding(field: name, value: value, inSegment: shareIn, rest: shareRest, medianInSegment: nil, medianRest: nil, effect: min(lift, 1e6), q: 1, sentence: sentence),
                                   p, large))
            }
        }
        let q = Statistics.benjaminiHochberg(candidates.map(\.p))
        findings = candidates.indices.compactMap { i in
            guard q[i] < alpha, candidates[i].keep else { return nil }
            var finding = candidates[i].finding
            finding.q = q[i]
            return finding
        }.sorted { Self.strength($0) > Self.strength($1) }
    }

    /// Comparable strength on one scale: |d| for indicators, Cohen's |h| = |2 asin √p₁ − 2 asin √p₂|
    /// for the shares of attribute values (0.2 small, 0.5 medium, 0.8 large, as for d).
    package static func strength(_ f: Finding) -> Double {
        f.value == nil ? abs(f.effect) : abs(2 * asin(f.inSegment.squareRoot()) - 2 * asin(f.rest.squareRoot()))
    }

    /// Pearson's χ² of the 2×2 table [[a, b], [c, d]].
    package static func chiSquare(a: Double, b: Double, c: Double, d: Double) -> Double {
        let n = a + b + c + d
        let denominator = (a + b) * (c + d) * (a + c) * (b + d)
        guard denominator > 0 else { return 0 }
        return n * (a * d - b * c) * (a * d - b * c) / denominator
    }

    /// Plain words for an effect size (Cohen's d: 0.2 small, 0.5 medium, 0.8 large).
    package static func words(effect d: Double) -> String {
        let size = abs(d) >= 0.8 ? "much " : abs(d) >= 0.5 ? "" : "slightly "
        return size + (d > 0 ? "higher" : "lower")
    }

    /// Plain words for how much more (lift > 1) or less common a value is in the segment.
    package static func words(lift: Double) -> String {
        // Words and the printed ratio agree: the ratio as shown (one decimal) decides.
        let ratio = ((lift >= 1 ? lift : 1 / max(lift, 1e-9)) * 10).rounded() / 10
        let size = ratio >= 3 ? "much " : ratio >= 1.5 ? "" : "slightly "
        return size + (lift >= 1 ? "more common" : "less common")
    }

    package static func format(_ v: Double) -> String { abs(v) >= 100 ? NumberFormat.decimal(v, 0) : NumberFormat.decimal(v, 2) }
}

extension GroupMoments {
    /// Group g of partition p against everyone else, as a segment contrast reads it.
    package func stats(_ name: String, partition p: Int, group g: Int, medians: (inSegment: Double, rest: Double)?) -> SegmentContrast.NumberStats {
        let k = offsets[p] + g
        return SegmentContrast.NumberStats(name: name, n: (Double(n[k]), Double(all.n - n[k])), sum: (sum[k], all.sum - sum[k]),
                                           squares: (squares[k], all.squares - squares[k]), medians: medians)
    }
}
