import Foundation
@testable import StrataCore
import Testing

/// `in segment` names a built-in scheme's segment as `"scheme:segment"`, or bare when only one
/// scheme has the name; it means the scheme's column equal to the segment.
@Suite struct BuiltInSegmentReferenceTests {
    @Test func aQualifiedOrUniqueNameMeansTheSchemesColumn() throws {
        let catalog = try RuleTestData.catalog()
        let rules = """
            segment "stage" = in segment "lifecycle:at-risk"
            segment "stage, by hand" = lifecycle_stage = "at-risk"
            segment "champions" = in segment "Champions"
            segment "champions, by hand" = rfm_segment = "Champions"
            segment "prospects" = in segment "Lifecycle:PROSPECT"
            segment "prospects, by hand" = lifecycle_stage = "prospect"
            """
        let evaluation = try RuleTestData.evaluate(rules, catalog).get()
        for pair in stride(from: 0, to: evaluation.members.count, by: 2) {
            #expect(evaluation.members[pair] == evaluation.members[pair + 1], "\(evaluation.segmentNames[pair])")
        }
        #expect(evaluation.members[4] == [false, false, false, true, true], "c4 and c5 never bought")
    }

    @Test func aNameOfSeveralSchemesAsksForTheScheme() throws {
        let catalog = try RuleTestData.catalog()
        guard case let .failure(errors) = RuleTestData.evaluate(#"segment "a" = in segment "active""#, catalog) else {
            Issue.record("an ambiguous name should be an error")
            return
        }
        #expect(errors.diagnostics.first?.message == #"""
            "active" is a segment of activity, lifecycle: write "activity:active" or "lifecycle:active"
            """#)
    }

    @Test func theFilesOwnSegmentWinsOverABuiltInOfTheSameName() throws {
        let catalog = try RuleTestData.catalog()
        let evaluation = try RuleTestData.evaluate("""
            segment "Champions" = orders >= 3
            segment "b" = in segment "Champions"
            """, catalog).get()
        #expect(evaluation.members[0] == evaluation.members[1])
    }
}
