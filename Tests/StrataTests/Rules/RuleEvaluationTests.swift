import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Segment definitions evaluated on a hand-made data set whose answers are known.
@Suite struct RuleEvaluationTests {
    static let catalog = try! RuleTestData.catalog()

    /// The ids of the customers in a segment.
    func members(_ text: String, _ segment: String) throws -> [String] {
        let evaluation = try RuleTestData.evaluate(text, Self.catalog).get()
        let flags = try #require(evaluation.members(of: segment))
        return flags.indices.filter { flags[$0] }.map { Self.catalog.id($0) }
    }

    @Test func comparesAttributesFeaturesAndLiterals() throws {
        #expect(try members(#"segment "s" = country = "RU" and city in ("Moscow") and gender = "f""#, "s") == ["c1", "c4"])
        #expect(try members(#"segment "s" = age between 25 and 34"#, "s") == ["c1", "c3"])
        #expect(try members(#"segment "s" = age not between 25 and 34"#, "s") == ["c2", "c5"])
        #expect(try members(#"segment "s" = birth_year is missing"#, "s") == ["c4"])
        #expect(try members(#"segment "s" = orders >= 2 and revenue > 300"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = city contains ", " or country contains "O'Hara""#, "s") == ["c5"])
        #expect(try members(#"segment "s" = first_purchase < 2024-01-01"#, "s") == ["c2"])
        #expect(try members(#"segment "s" = revenue / orders > 100"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = not (country = "RU")"#, "s") == ["c3", "c5"])
        #expect(try members(#"segment "s" = country != "RU""#, "s") == ["c3", "c5"])
    }

    @Test func missingValuesNeverMatchAComparison() throws {
        // c4 and c5 have no orders: avg_order_value is missing for them.
        #expect(try members(#"segment "s" = avg_order_value > 0 or avg_order_value <= 0"#, "s") == ["c1", "c2", "c3"])
        #expect(try members(#"segment "s" = not (avg_order_value > 50)"#, "s") == ["c3", "c4", "c5"])
    }

    @Test func aggregatesOverOrdersAndEvents() throws {
        // Night orders: c1 has 2 of 3.
        #expect(try members(#"segment "s" = share(orders where hour(ts) >= 22 or hour(ts) < 6) > 0.5"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = count(events where type = "email_open" within 90 days) = 0"#, "s") == ["c2", "c3", "c4", "c5"])
        #expect(try members(#"segment "s" = count(events where type = "email_open" before 90 days) >= 1"#, "s") == ["c3"])
        #expect(try members(#"segment "s" = sum(orders.amount where category = "books") >= 100"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = max(orders.amount within 30 days) >= 250"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = avg(orders.discount) > 0"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = min(orders.amount) < 0"#, "s") == ["c3"])
        // Last order: c1 10 days ago, c2 487 days, c3 4 days.
        #expect(try members(#"segment "s" = days_since(last order) > 60"#, "s") == ["c2"])
        #expect(try members(#"segment "s" = days_since(first order) > 170 and days_since(first order) < 200"#, "s") == ["c1"])
        #expect(try members(#"segment "s" = count(orders where weekday(ts) = 6) >= 1"#, "s") == ["c1"]) // 2024-03-09 is a Saturday
        #expect(try members(#"segment "s" = count(orders where amount > avg_order_value) >= 1"#, "s") == ["c1", "c3"])
    }

    @Test func segmentReferencesAndGroups() throws {
        let text = """
            # Lifecycle
            segment "Buyers" = orders >= 1
            segment "Night owls" = in segment "Buyers" and share(orders where hour(ts) < 6 or hour(ts) >= 22) > 0.5
            group "lifecycle" {
                segment "Champions" = in segment "Night owls"
                segment "Recent" = days_since(last order) <= 30
                segment "Lapsed" = in segment "Buyers"
                else "Prospects"
            }
            segment "Win-back" = in segment "Lapsed" and not in segment "Recent"
            """
        let evaluation = try RuleTestData.evaluate(text, Self.catalog).get()
        let labels = try #require(evaluation.groupLabels.first)
        #expect(evaluation.groupNames == ["lifecycle"])
        // First match wins: c1 is a champion even though also recent.
        #expect(labels == ["Champions", "Lapsed", "Recent", "Prospects", "Prospects"])
        let winBack = try #require(evaluation.members(of: "Win-back"))
        #expect(winBack == [false, true, false, false, false])
    }
}
