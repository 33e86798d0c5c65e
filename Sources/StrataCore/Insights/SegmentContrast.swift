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

    public init(segment: String, members: [Bool], numbers: [Indicator], revenue: [Double],
                texts: [(name: String, codes: [Int32], values: [String])], alpha: Double = 0.05) {
        self.segment = segment
        size = members.lazy.filter { $0 }.count
        share = members.isEmpty ? 0 : Double(size) / Double(members.count)
        var revenueIn = 0.0, revenueAll = 0.0
        for (c, r) in revenue.enumerated() where r.isFinite {
            revenueAll += r
            if members[c] { revenueIn += r }
        }
        self.revenue = revenueIn
        revenueShare = revenueAll > 0 ? revenueIn / revenueAll : 0
        var candidates: [(finding: Finding, p: Double, keep: Bool)] = []
        for indicator in numbers {
            let (name, values) = (indicator.name, indicator.values)
            var n = [0.0, 0.0], sum = [0.0, 0.0], squares = [0.0, 0.0]
            for (c, v) in values.enumerated() where v.isFinite {
                let g = members[c] ? 0 : 1
                n[g] += 1; sum[g] += v; squares[g] += v * v
            }
            guard n[0] > 1, n[1] > 1 else { continue }
            let mean = [sum[0] / n[0], sum[1] / n[1]]
            means[name] = mean[0]
            if let median = indicator.medians?.inSegment, median.isFinite { medians[name] = median }
            let variance = (0..<2).map { max(0, (squares[$0] - n[$0] * mean[$0] * mean[$0]) / (n[$0] - 1)) }
            let pooled = (((n[0] - 1) * variance[0] + (n[1] - 1) * variance[1]) / (n[0] + n[1] - 2)).squareRoot()
            let d = pooled > 0 ? (mean[0] - mean[1]) / pooled : 0
            let p = Statistics.welch(mean1: mean[0], variance1: variance[0], n1: n[0], mean2: mean[1], variance2: variance[1], n2: n[1]).p
            let label = name.replacingOccurrences(of: "_", with: " ")
            let medians = indicator.medians.map { "; median \(Self.format($0.inSegment)) vs \(Self.format($0.rest))" } ?? ""
            let sentence = "\(label) \(Self.format(mean[0])) vs \(Self.format(mean[1])) for the rest: \(Self.words(effect: d)) "
                + "(effect size d = \(NumberFormat.decimal(d, 1))\(medians))"
            let finding = Finding(field: name, value: nil, inSegment: mean[0], rest: mean[1],
                                  medianInSegment: indicator.medians?.inSegment, medianRest: indicator.medians?.rest,
                                  effect: d, q: 1, sentence: sentence)
            candidates.append((finding, p, abs(d) >= Self.minimumEffect))
        }
        let inside = Double(size), outside = Double(members.count - size)
        for (name, codes, values) in texts where inside > 0 && outside > 0 {
            var counts = [[Double]](repeating: [0, 0], count: values.count)
            for (c, code) in codes.enumerated() where code >= 0 { counts[Int(code)][members[c] ? 0 : 1] += 1 }
            for (k, value) in values.enumerated() {
                let a = counts[k][0], b = counts[k][1]
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
