import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Every mistake is reported as file:line:col with the source line and a caret under it.
@Suite struct RuleDiagnosticsTests {
    static let catalog = RuleEvaluationTests.catalog

    func diagnostics(_ text: String, schema: RuleSchema? = nil) -> [RuleDiagnostic] {
        let result = RuleChecker.check(RuleSource(file: "seg.strata", text: text), schema: schema ?? RuleSchema(Self.catalog))
        guard case let .failure(errors) = result else { return [] }
        return errors.diagnostics
    }

    func only(_ text: String, schema: RuleSchema? = nil) throws -> RuleDiagnostic {
        let found = diagnostics(text, schema: schema)
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }

    @Test func unknownFieldSuggestsTheClosestName() throws {
        let d = try only("segment \"a\" =\n    recncy_days > 180")
        #expect(d.line == 2 && d.column == 5)
        #expect(d.message == "unknown field 'recncy_days' (did you mean 'recency_days'?)")
        #expect(d.description == """
            seg.strata:2:5: unknown field 'recncy_days' (did you mean 'recency_days'?)
                recncy_days > 180
                ^^^^^^^^^^^
            """)
    }

    @Test func comparingTextWithANumberIsATypeError() throws {
        let d = try only(#"segment "a" = country > 5"#)
        #expect(d.column == 15)
        #expect(d.message == "cannot compare country (text) with 5 (a number)")
        #expect(d.excerpt.hasSuffix("^^^^^^^^^^^"))
    }

    @Test func tablesAndAggregateFieldsMustExist() throws {
        #expect(try only(#"segment "a" = count(visits) > 1"#).message == "unknown table 'visits': expected orders or events")
        #expect(try only(#"segment "a" = sum(orders.amout) > 1"#).message
            == "orders have no field 'amout' (did you mean 'amount'?); fields: ts, amount, discount, category")
        #expect(try only(#"segment "a" = sum(orders.category) > 1"#).message == "sum() needs a number field; orders.category is text")
        #expect(try only(#"segment "a" = count(events where chanel = "sms") > 1"#).message == "unknown field 'chanel' (did you mean 'channel'?)")
        #expect(try only(#"segment "a" = hour(ts) > 3"#).message.hasPrefix("hour() applies to an order or event time inside an aggregate"))
    }

    @Test func conditionsMustBeTrueOrFalse() throws {
        #expect(try only(#"segment "a" = recency_days"#).message
            == "the condition of \"a\" is a number, not true/false: compare it, e.g. recency_days > 90")
        #expect(try only(#"segment "a" = orders > 1 and revenue"#).message == "'and' joins true/false conditions; revenue is a number")
    }

    @Test func segmentReferencesAreResolvedAndCyclesRejected() throws {
        #expect(try only(#"segment "a" = in segment "Lapsed""#).message == "unknown segment \"Lapsed\"")
        #expect(try only("segment \"Lapsed VIPs\" = orders > 1\nsegment \"b\" = in segment \"Lapsed VIP\"").message
            == "unknown segment \"Lapsed VIP\" (did you mean \"Lapsed VIPs\"?)")
        let cycle = try only("""
            segment "a" = in segment "b"
            segment "b" = orders > 1 and in segment "c"
            segment "c" = in segment "a"
            """)
        #expect(cycle.message == "segments refer to each other in a cycle: \"a\" → \"b\" → \"c\" → \"a\"")
        #expect(try only(#"segment "a" = in segment "a""#).message == "segments refer to each other in a cycle: \"a\" → \"a\"")
        #expect(try only("segment \"a\" = orders > 1\nsegment \"a\" = orders > 2").message
            == "\"a\" is defined twice: segment and group names must be unique")
    }

    @Test func syntaxErrorsAreLocatedAndEveryBrokenDefinitionReported() throws {
        let found = diagnostics("""
            segment "a" orders > 1
            segment "b" = orders > 1
            segment "c" = (orders > 1
            segment "d" = country = "RU
            """)
        #expect(found.map(\.line) == [4], "the lexer stops first at the unterminated string")
        let parse = diagnostics("""
            segment "a" orders > 1
            segment "b" = orders > 1
            segment "c" = (orders > 1
            segment "d" = orders >
            """)
        #expect(parse.map { "\($0.line):\($0.column)" } == ["1:13", "4:1", "4:23"])
        #expect(parse[0].message == "expected '=' after the segment name, found 'orders'")
        #expect(parse[1].message == "expected ')', found 'segment'")
        #expect(parse[2].message == "expected a value, a field or '(', found the end of the file")
        #expect(try only("segment \"a\" = orders ! 1").message == "unexpected character '!'")
        #expect(try only("segment \"a\" = first_purchase > 2024-02-30").message == "invalid date 2024-02-30: expected yyyy-mm-dd")
    }

    @Test func withoutDataUnknownNamesAreAttributesUnlessTheyLookLikeTypos() throws {
        let text = #"segment "a" = country = "RU" and age between 25 and 34 and recncy_days > 3"#
        let d = try only(text, schema: .standard)
        #expect(d.message == "unknown field 'recncy_days' (did you mean 'recency_days'?)")
        let ok = RuleChecker.check(RuleSource(file: "s", text: #"segment "a" = country = "RU" and age between 25 and 34"#), schema: .standard)
        #expect(try ok.get().assumedAttributes == ["country", "age"])
    }

    @Test func deepNestingIsReportedNotCrashed() throws {
        let deep = "segment \"a\" = " + String(repeating: "(", count: 5_000) + "orders > 1" + String(repeating: ")", count: 5_000)
        #expect(try only(deep).message == "expression nested too deeply")
        let nots = "segment \"a\" = " + String(repeating: "not ", count: 5_000) + "orders > 1"
        #expect(try only(nots).message == "expression nested too deeply")
    }
}

extension RuleDiagnosticsTests {
    /// A chain of references as long as the file is checked without deep recursion.
    @Test func aLongChainOfSegmentReferences() throws {
        let text = (["segment \"s0\" = revenue > 1"] + (1..<50_000).map { "segment \"s\($0)\" = in segment \"s\($0 - 1)\"" })
            .joined(separator: "\n")
        guard case let .success(rules) = RuleChecker.check(RuleSource(file: "chain.strata", text: text), schema: .standard) else {
            Issue.record("a chain of references is valid")
            return
        }
        #expect(rules.segments.count == 50_000)
    }

    /// A 1 MB identifier is one unknown field: located, with no suggestion searched among
    /// names it cannot be a typo of (this once took seconds of edit distances).
    @Test func aMegabyteIdentifierIsJustUnknown() throws {
        let name = String(repeating: "a", count: 1 << 20)
        let source = RuleSource(file: "big.strata", text: "segment \"s\" = \(name) > 1")
        guard case let .failure(errors) = RuleChecker.check(source, schema: RuleSchema(fields: [("orders", .number)], openAttributes: false)) else {
            Issue.record("accepted an unknown field")
            return
        }
        #expect(errors.diagnostics.count == 1 && errors.diagnostics[0].message.hasPrefix("unknown field"))
    }
}
