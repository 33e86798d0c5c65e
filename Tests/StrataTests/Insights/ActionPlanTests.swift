import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// Plans on generated data follow the members' habits and the causes found: the least-engaged are
/// reached on SMS (their channel, not email) and get a step for each planted cause.
@Suite struct ActionPlanTests {
    @Test func plansFollowHabitsAndCauses() throws {
        let dir = DataGeneratorTests().generate(6_000, seed: 11)
        let data = try load(InputPaths(directory: dir.path))
        let asOf = seconds("2024-06-30T23:59:59Z")
        let s = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        let insights = SegmentInsights(FieldCatalog(data, s, asOf: asOf), s)
        let activity = try #require(insights.schemes.first { $0.scheme == .builtIn(.activity) })

        let least = try #require(activity.plans.first { $0.segment == "least-engaged" })
        #expect(least.strategy == "Reactivate the least engaged")
        #expect(least.channel == "sms" && least.channelReason.hasPrefix("preferred by"))
        #expect(least.steps.contains("Stop email for them and move touches to sms"))
        #expect(least.steps.contains("Check delivery, prices and local events in the regions named"))
        #expect(!least.steps.contains("Cut the frequency in half for this segment"), "information overload was not planted")
        let active = try #require(activity.plans.first { $0.segment == "active" })
        #expect(active.strategy == "Grow the best" && active.channel == "email")
        #expect(active.timing.contains("their most common day and hour"))

        // Every ranked segment of every scheme has a plan, in rank order.
        for scheme in insights.schemes {
            #expect(scheme.plans.map(\.segment) == scheme.priorities.map(\.segment), "\(scheme.scheme)")
            let ranks = scheme.plans.compactMap(\.rank)
            #expect(ranks == Array(stride(from: 1, through: ranks.count, by: 1)))
        }
        // The ranking's value shares sum to 1 over the ranked segments.
        let shares = activity.priorities.filter { $0.rank != nil }.map(\.valueShare).reduce(0, +)
        #expect(abs(shares - 1) < 1e-9)

        let markdown = PlanRenderer.markdown(insights, asOf: asOf)
        #expect(markdown.contains("### 1. "))
        #expect(markdown.contains("- **Channel:** sms (preferred by"))
    }
}
