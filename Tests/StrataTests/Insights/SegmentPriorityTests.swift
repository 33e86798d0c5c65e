import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// The priority score on constructed totals, computed here by hand from its documented formula.
@Suite struct SegmentPriorityTests {
    /// Per customer: A 100, B 10, C 1; D is too small (5 customers).
    static let totals: [SegmentPriority.Totals] = [
        .init(segment: "A", size: 100, revenue: 10_000, clv: nil),
        .init(segment: "B", size: 300, revenue: 3_000, clv: nil),
        .init(segment: "C", size: 600, revenue: 600, clv: nil),
        .init(segment: "D", size: 5, revenue: 5_000, clv: nil),
    ]

    @Test func scoreIsTheWeightedSumOfTheThreeShares() throws {
        let ranking = SegmentPriority.rank(Self.totals, customers: 1_005)
        // Next-better by revenue per customer: C → B (gap 9), B → A (gap 90); A has none; D is out.
        let potential = ["A": 0.0, "B": 300.0 * 90, "C": 600.0 * 9]
        let value = ["A": 10_000 / 13_600.0, "B": 3_000 / 13_600.0, "C": 600 / 13_600.0]
        let size = ["A": 0.1, "B": 0.3, "C": 0.6]
        for name in ["A", "B", "C"] {
            let row = try #require(ranking.first { $0.segment == name })
            let expected = 0.5 * value[name]! + 0.3 * potential[name]! / 32_400 + 0.2 * size[name]!
            #expect(abs(row.score - expected) < 1e-12, "\(name)")
            #expect(abs(row.potential - potential[name]!) < 1e-9)
        }
        // B's potential outweighs A's value at the default weights (0.420 vs 0.388).
        #expect(ranking.map(\.segment) == ["B", "A", "C", "D"])
        #expect(ranking.map(\.rank) == [1, 2, 3, nil])
        #expect(ranking.map(\.nextBetter) == ["A", nil, "B", nil], "the too-small D is nobody's next-better segment")
        #expect(ranking[0].sentence == "#1 B (score 0.420): 29.9% of customers, 22.1% of the value now; 300 customers × 90.00 more revenue each if they reached \"A\" = 27,000 (83.3% of the potential)")
        #expect(ranking[3].sentence.hasSuffix("not ranked"))
    }

    @Test func reweightingChangesTheOrder() throws {
        let byValue = SegmentPriority.rank(Self.totals, customers: 1_005, weights: try PriorityWeights(parsing: "value=1"))
        #expect(byValue.first?.segment == "A")
        let bySize = SegmentPriority.rank(Self.totals, customers: 1_005, weights: try PriorityWeights(parsing: "size=1"))
        #expect(bySize.compactMap { $0.rank == nil ? nil : $0.segment } == ["C", "B", "A"])
        let byPotential = SegmentPriority.rank(Self.totals, customers: 1_005, weights: try PriorityWeights(parsing: "potential=2, value=0"))
        #expect(byPotential.first?.segment == "B")
        let smallAllowed = SegmentPriority.rank(Self.totals, customers: 1_005, sizeGuard: SegmentSizeGuard(minimumCount: 1, minimumShare: 0))
        #expect(smallAllowed.first { $0.segment == "D" }?.rank != nil)
        #expect(smallAllowed.first { $0.segment == "A" }?.nextBetter == "D", "D's 1,000 per customer tops A's 100 once allowed")
    }

    @Test func clvCountsHalfOfTheValueWhenPresent() {
        let withCLV: [SegmentPriority.Totals] = [
            .init(segment: "A", size: 100, revenue: 1_000, clv: 9_000),
            .init(segment: "B", size: 100, revenue: 3_000, clv: 1_000),
        ]
        let ranking = SegmentPriority.rank(withCLV, customers: 200)
        let a = ranking.first { $0.segment == "A" }!
        #expect(abs(a.valueShare - (0.25 + 0.9) / 2) < 1e-12)
        #expect(a.nextBetter == nil && ranking.first { $0.segment == "B" }?.nextBetter == "A", "per customer by CLV: A 90, B 10")
    }

    @Test func badWeightsAreNamed() {
        #expect(throws: PriorityWeightsError.unknownPart("values")) { try PriorityWeights(parsing: "values=1") }
        #expect(throws: PriorityWeightsError.badWeight(name: "size", text: "-1")) { try PriorityWeights(parsing: "size=-1") }
        #expect(throws: PriorityWeightsError.malformed("value")) { try PriorityWeights(parsing: "value") }
        #expect(throws: PriorityWeightsError.allZero) { try PriorityWeights(parsing: "value=0") }
    }
}
