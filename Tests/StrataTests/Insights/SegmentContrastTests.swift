import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Profiles against the rest: planted differences are found with the right size, planted
/// non-differences are not, and the multiple-testing correction holds noise back.
@Suite struct SegmentContrastTests {
    @Test func benjaminiHochbergAndStudentTHaveKnownValues() {
        #expect(Statistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.005]).map { ($0 * 1e9).rounded() / 1e9 } == [0.02, 0.04, 0.04, 0.02])
        #expect(abs(Statistics.studentTwoSided(2.0, df: 10) - 0.073388) < 1e-6)
        #expect(abs(Statistics.studentTwoSided(1.959964, df: 1e7) - 0.05) < 1e-5)
        #expect(abs(Statistics.chiSquareOneDF(3.841459) - 0.05) < 1e-6)
    }

    /// 1,000 customers, the first 200 in the segment.
    static let members = (0..<1_000).map { $0 < 200 }

    @Test func plantedOverRepresentationIsFoundWithItsLift() throws {
        // 60% of members prefer SMS against 20% of the rest; country is spread alike in both.
        let channel: [Int32] = (0..<1_000).map { c in c < 200 ? (c % 10 < 6 ? 0 : 1) : ((c - 200) % 10 < 2 ? 0 : 1) }
        let country: [Int32] = (0..<1_000).map { Int32($0 % 4) }
        let engagement = (0..<1_000).map { c in (c < 200 ? 0.7 : 0.3) + Double(c % 7) * 0.02 }
        let tenure = (0..<1_000).map { Double($0 % 50) }
        let contrast = SegmentContrast(segment: "s", members: Self.members,
                                       numbers: [.init(name: "engagement_rate", values: engagement, medians: nil), .init(name: "tenure_days", values: tenure, medians: nil)],
                                       revenue: engagement,
                                       texts: [("preferred_channel", channel, ["sms", "email"]), ("country", country, ["RU", "DE", "US", "FR"])])
        let sms = try #require(contrast.findings.first { $0.value == "sms" })
        #expect(abs(sms.effect - 3.0) < 1e-12)
        #expect(sms.sentence == "60.0% have preferred channel \"sms\" vs 20.0% of the rest: much more common (3.0 times as common)")
        #expect(contrast.findings.contains { $0.field == "engagement_rate" && $0.effect > 3 })
        #expect(!contrast.findings.contains { $0.field == "country" || $0.field == "tenure_days" })
        #expect(contrast.findings.first?.field == "engagement_rate", "the strongest first")
        #expect(contrast.share == 0.2)
        let expectedRevenueShare = engagement.prefix(200).reduce(0, +) / engagement.reduce(0, +)
        #expect(abs(contrast.revenueShare - expectedRevenueShare) < 1e-12)
    }

    @Test func correctionHoldsNoiseBack() {
        var random = SeededRandom(seed: 4)
        var texts: [(name: String, codes: [Int32], values: [String])] = []
        for a in 0..<60 {
            texts.append(("noise\(a)", (0..<1_000).map { _ in random.chance(0.5) ? 0 : 1 }, ["x", "y"]))
        }
        // Some raw p-values fall under 0.05 by chance…
        let raw = texts.flatMap { t -> [Double] in
            (0..<2).map { k in
                let a = Double(zip(Self.members, t.codes).filter { $0.0 && $0.1 == Int32(k) }.count)
                let b = Double(zip(Self.members, t.codes).filter { !$0.0 && $0.1 == Int32(k) }.count)
                return Statistics.chiSquareOneDF(SegmentContrast.chiSquare(a: a, b: 200 - a, c: b, d: 800 - b))
            }
        }
        #expect(raw.contains { $0 < 0.05 })
        // …but none survives the correction (nor the size threshold).
        let contrast = SegmentContrast(segment: "s", members: Self.members, numbers: [], revenue: [], texts: texts)
        #expect(contrast.findings.isEmpty)
        #expect(Statistics.benjaminiHochberg(raw).allSatisfy { $0 >= 0.05 })
    }
}

extension SegmentContrastTests {
    /// A value only members have: an unbounded lift, stored finite so insights.json can hold it.
    @Test func aValueOnlyMembersHaveEncodesAsJSON() throws {
        let codes: [Int32] = (0..<1_000).map { $0 < 200 ? 0 : 1 }
        let contrast = SegmentContrast(segment: "s", members: Self.members, numbers: [], revenue: [], texts: [("plan", codes, ["gold", "basic"])])
        let gold = try #require(contrast.findings.first { $0.value == "gold" })
        #expect(gold.effect == 1e6 && gold.sentence.hasSuffix("only here"))
        #expect(throws: Never.self) { try JSONEncoder().encode(contrast) }
    }
}

extension SegmentContrastTests {
    /// Grouped medians equal those of sorting each group and its complement, for odd and even
    /// sizes, ties, negative values, missing values and an empty group; with fewer values than
    /// buckets, and with many (buckets then merge ranges of the values' bit patterns).
    @Test(arguments: [5_001, 120_007]) func groupMediansEqualSortedMedians(size: Int) {
        var random = SeededRandom(seed: 9)
        let values: [Double] = (0..<size).map { c in
            switch c % 5 {
            case 0: return .nan
            case 1: return Double(c % 3)                       // heavy ties
            case 2: return -random.exponential(mean: 40)
            default: return random.logNormal(median: 50, sigma: 1.5)
            }
        }
        let groups = (0..<values.count).map { c in c % 11 == 0 ? -1 : c % 4 }   // group 3 gets values, 4 is empty
        let medians = GroupMedians(values, groups: groups, count: 5)
        func median(_ xs: [Double]) -> Double {
            let s = xs.filter(\.isFinite).sorted()
            return s.isEmpty ? .nan : (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
        }
        for g in 0..<5 {
            let inside = median(values.indices.filter { groups[$0] == g }.map { values[$0] })
            let outside = median(values.indices.filter { groups[$0] != g }.map { values[$0] })
            #expect(medians.inGroup[g] == inside || (inside.isNaN && medians.inGroup[g].isNaN), "group \(g)")
            #expect(medians.rest[g] == outside, "rest of group \(g)")
        }
    }
}

extension SegmentContrastTests {
    /// The contrasts of a partition's segments, from one pass over each text column for every
    /// partition (``GroupTextCounts``), are those of each segment against the rest by its members:
    /// the same findings, shares and revenue. A customer with no value counts in no value's share.
    @Test func aPartitionsContrastsAreEachSegmentsOwn() throws {
        let size = 4_000
        // Three segments; the channel leans to segment 0, the country to segment 2, some customers have neither.
        let segments: [Int] = (0..<size).map { $0 % 10 < 2 ? 0 : $0 % 10 < 6 ? 1 : 2 }
        let channel: [Int32] = (0..<size).map { c in c % 13 == 0 ? -1 : segments[c] == 0 ? (c % 5 < 4 ? 0 : 1) : (c % 5 < 1 ? 0 : 1) }
        let country: [Int32] = (0..<size).map { c in segments[c] == 2 ? Int32(c % 2) : Int32(c % 3) }
        let engagement = (0..<size).map { c in Double(segments[c]) * 0.1 + Double(c % 7) * 0.05 }
        let texts: [(name: String, codes: [Int32], values: [String])] = [("preferred_channel", channel, ["sms", "email"]), ("country", country, ["RU", "DE", "US"])]
        // A second partition beside it, to read the right one's counts.
        let other = (0..<size).map { $0 % 4 == 0 ? -1 : $0 % 2 }
        let codes = PartitionCodes([(segments, 3), (other, 2)], customers: size)
        let moments = GroupMoments(engagement, codes)
        let counts = texts.map { (name: $0.name, values: $0.values, counts: GroupTextCounts(codes: $0.codes, values: $0.values.count, codes)) }
        for (v, text) in texts.enumerated() {
            #expect(counts[v].counts.all == text.values.indices.map { value in text.codes.filter { $0 == value }.count })
        }
        let names = ["a", "b", "c"]
        let numbers = [names.indices.map { moments.stats("engagement_rate", partition: 0, group: $0, medians: nil) }]
        let contrasts = SegmentContrast.partition(0, names: names, codes: segments, numbers: numbers, revenue: engagement, texts: counts)
        #expect(contrasts.count == 3)
        for (g, contrast) in contrasts.enumerated() {
            let members = segments.map { $0 == g }
            let own = SegmentContrast(segment: names[g], members: members, numberStats: [numbers[0][g]], revenue: engagement, texts: texts)
            #expect(contrast.findings == own.findings, "segment \(names[g])")
            #expect(contrast.size == own.size && contrast.share == own.share && contrast.revenueShare == own.revenueShare)
        }
        #expect(contrasts[0].findings.contains { $0.value == "sms" })
        #expect(contrasts[2].findings.contains { $0.field == "country" })
    }

    /// Values crowded in one range of their top bits (probabilities near one value, amounts of
    /// one order of magnitude) are split by their next bits, so that the values a median is
    /// selected from stay a few buckets' worth; the medians stay exact.
    @Test func crowdedValuesAreSplitIntoSmallBuckets() {
        var random = SeededRandom(seed: 5)
        let size = 20_000
        // [0.75, 0.78) lies in one range of 16 bits; 0.5, repeated, fills buckets of its own.
        let values = (0..<size).map { c in c % 9 == 0 ? 0.5 : 0.75 + 0.03 * random.unit() }
        let column = BucketedColumn(values)
        let largest = (0..<column.count).filter { column.low[$0] != column.high[$0] }.map { Int(column.all[$0]) }.max() ?? 0
        #expect(largest <= 4 * size / BucketedColumn.target, "the largest bucket of several values holds \(largest)")
        #expect(column.all.reduce(0, +) == Int32(size))
        let groups = (0..<size).map { $0 % 3 }
        let medians = GroupMedians.each(column, PartitionCodes([(groups, 3)], customers: size))[0]
        for g in 0..<3 {
            func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return (s[(s.count - 1) / 2] + s[s.count / 2]) / 2 }
            #expect(medians.inGroup[g] == median(values.indices.filter { groups[$0] == g }.map { values[$0] }), "group \(g)")
            #expect(medians.rest[g] == median(values.indices.filter { groups[$0] != g }.map { values[$0] }), "rest of group \(g)")
        }
    }

    /// One pass over a column for several partitions gives each group's count, sum and sum of
    /// squares bit for bit as adding its members in customer order does, and the whole column's;
    /// a customer in no group of a partition counts only in the whole. The medians of every
    /// partition at once equal each partition's own.
    @Test func momentsAndMediansOfSeveralPartitionsEqualEachPartitionsOwn() {
        var random = SeededRandom(seed: 4)
        let size = 3_001
        let values: [Double] = (0..<size).map { c in c % 7 == 0 ? .nan : c % 3 == 0 ? -random.exponential(mean: 9) : random.logNormal(median: 30, sigma: 1.2) }
        let partitions: [(codes: [Int], count: Int)] = [((0..<size).map { $0 % 3 }, 3), ((0..<size).map { $0 % 5 == 0 ? -1 : $0 % 2 }, 3)]
        let codes = PartitionCodes(partitions, customers: size)
        let moments = GroupMoments(values, codes)
        let finite = values.filter(\.isFinite)
        #expect(moments.all.n == finite.count && moments.all.sum == finite.reduce(0, +) && moments.all.squares == finite.reduce(0) { $0 + $1 * $1 })
        let medians = GroupMedians.each(BucketedColumn(values), codes)
        for (p, partition) in partitions.enumerated() {
            let own = GroupMedians(values, groups: partition.codes, count: partition.count)
            #expect(medians[p].inGroup.elementsEqual(own.inGroup) { $0 == $1 || $0.isNaN && $1.isNaN } && medians[p].rest == own.rest)
            for g in 0..<partition.count {
                var n = 0, sum = 0.0, squares = 0.0
                for (c, v) in values.enumerated() where v.isFinite && partition.codes[c] == g { n += 1; sum += v; squares += v * v }
                let stats = moments.stats("x", partition: p, group: g, medians: nil)
                #expect(stats.n == (Double(n), Double(finite.count - n)), "partition \(p), group \(g)")
                #expect(stats.sum.0 == sum && stats.squares.0 == squares, "partition \(p), group \(g)")
                #expect(stats.sum.1 == moments.all.sum - sum && stats.squares.1 == moments.all.squares - squares)
            }
        }
        #expect(moments.stats("x", partition: 1, group: 2, medians: nil).n.0 == 0)
        // Membership lists (which may overlap) are partitions of one group each.
        let lists = partitions.map { partition in partition.codes.map { $0 == 1 } }
        let asLists = PartitionCodes(members: lists, customers: size)
        let oneGroup = PartitionCodes(lists.map { ($0.map { $0 ? 0 : -1 }, 1) }, customers: size)
        #expect(asLists.groups == oneGroup.groups && asLists.offsets == oneGroup.offsets && asLists.counts == oneGroup.counts)
    }
}
