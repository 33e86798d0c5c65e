import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// What `analyze --segments` and `explain` produce from an evaluation.
@Suite struct RuleOutputsTests {
    static let catalog = RuleEvaluationTests.catalog
    static let text = """
        segment "Buyers" = orders >= 1
        segment "Night owls" = share(orders where hour(ts) >= 22 or hour(ts) < 6) > 0.5 and country = "RU"
        group "tier" {
            segment "Big" = revenue > 100
            segment "Small" = revenue > 0
            else "None"
        }
        """

    func rules() throws -> CheckedRules {
        try RuleChecker.check(RuleSource(file: "t.strata", text: Self.text), schema: RuleSchema(Self.catalog)).get()
    }

    @Test func explainShowsEveryConditionWithItsValues() throws {
        let text = RuleExplainer.explain(try rules(), Self.catalog, customer: 0)
        #expect(text == """
            "Buyers": yes
              ✓ orders >= 1    [orders = 3]
            "Night owls": yes
              ✓ share(orders where hour(ts) >= 22 or hour(ts) < 6) > 0.5    [value 0.6667]
              ✓ country = "RU"    [country = "RU"]
            group "tier": "Big" (first match)
              "Big": yes
                ✓ revenue > 100    [revenue = 350.5000]
              "Small": yes
                ✓ revenue > 0    [revenue = 350.5000]

            """)
    }

    @Test func sizeGuardWarnsAboutSmallSegments() throws {
        let evaluation = RuleEvaluator.evaluate(try rules(), Self.catalog)
        let warnings = SegmentSizeGuard(minimumCount: 2, minimumShare: 0.3).warnings(evaluation)
        // Buyers: 3 of 5; Night owls: 1 (c1); Big: 1 (c1); Small: c1 and c2 (c3's refund nets its revenue to 0).
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.first == "segment \"Night owls\" holds 1 of 5 customers (20.0%), below the minimum of 2 customers or 30.0%: too small to act on")
    }

    @Test func customersCSVGetsAColumnPerSegmentAndGroup() throws {
        let dir = TempDir()
        dir.write("customers.csv", RuleTestData.customers)
        dir.write("orders.csv", RuleTestData.orders)
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds(RuleTestData.asOf)))
        let catalog = FieldCatalog(data, s, asOf: seconds(RuleTestData.asOf))
        let rules = try RuleChecker.check(RuleSource(file: "t", text: Self.text), schema: RuleSchema(catalog)).get()
        let evaluation = RuleEvaluator.evaluate(rules, catalog)
        let csv = String(decoding: CustomerTableWriter.render(data.customers, s, custom: evaluation), as: UTF8.self)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",Buyers,Night owls,Big,Small,tier"))
        #expect(lines[1].hasSuffix(",1,1,1,1,Big"))   // c1
        #expect(lines[2].hasSuffix(",1,0,0,1,Small")) // c2: 80.00
        #expect(lines[4].hasSuffix(",0,0,0,0,None"))  // c4
        let summary = CustomSegmentsSummary(evaluation)
        #expect(summary.groups[0].labels.map(\.name) == ["Big", "Small", "None"])
        #expect(summary.groups[0].labels.map(\.size) == [1, 1, 3])
    }
}
