import Foundation
@testable import StrataCore
import Testing

/// A config's `schemes:` section sets the behavioural schemes' thresholds; a wrong name or value
/// is an error that says what was expected.
@Suite struct SchemeSettingsTests {
    func settings(_ yaml: String) throws -> SchemeSettings {
        var settings = SchemeSettings()
        try settings.apply(try InputConfig.parse(yaml, file: "strata.yaml").schemes, file: "strata.yaml")
        return settings
    }

    @Test func numbersDaysAndPeakPeriodsAreRead() throws {
        let s = try settings("""
            schemes:
              email: {actively_from: 0.25, minimum_emails: 5}
              lifecycle: {lapse_days: 120, horizon_days: 60}
              occasion: {peak_periods: ["12-20..01-10", "02-07..02-14"]}
            """)
        #expect(s.email.activelyFrom == 0.25 && s.email.minimumEmails == 5)
        #expect(s.lapseDays == 120 && s.lifecycle.horizonDays == 60 && s.featureSettings(asOf: 0).lapseDays == 120)
        #expect(s.peakPeriods.map(\.description) == ["12-20..01-10", "02-07..02-14"])
        let newYear = Timestamp.daysFromCivil(year: 2024, month: 1, day: 5), july = Timestamp.daysFromCivil(year: 2024, month: 7, day: 5)
        #expect(s.peakPeriods[0].contains(day: newYear) && !s.peakPeriods[0].contains(day: july), "a period may wrap the new year")
    }

    @Test func mistakesNameWhatWasExpected() {
        func message(_ yaml: String) -> String {
            do { _ = try settings(yaml); return "" } catch { return "\(error)" }
        }
        #expect(message("schemes:\n  emial: {actively_from: 0.3}").contains("unknown scheme 'emial': expected one of"))
        #expect(message("schemes:\n  email: {active_from: 0.3}").contains("schemes.email.active_from: unknown key; expected one of actively_from, minimum_emails"))
        #expect(message("schemes:\n  email: {actively_from: lots}").contains("schemes.email.actively_from 'lots': expected a number ≥ 0"))
        #expect(message("schemes:\n  lifecycle: {lapse_days: 1.5}").contains("schemes.lifecycle.lapse_days '1.5': expected whole days"))
        #expect(message("schemes:\n  occasion: {peak_periods: [\"13-01..12-31\"]}").contains("expected MM-DD..MM-DD"))
    }

    @Test func aThresholdChangesTheSegments() {
        var f = CustomerFeatures()
        f.emailTouches = [10]
        f.emailAnswered = [3]
        var settings = SchemeSettings()
        #expect(settings.email.segment(of: 0, in: f) == .readsSometimes)
        settings.email.activelyFrom = 0.3
        #expect(settings.email.segment(of: 0, in: f) == .readsActively)
        f.emailAnswered = [0]
        #expect(settings.email.segment(of: 0, in: f) == .neverReads)
        f.emailTouches = [2]
        #expect(settings.email.segment(of: 0, in: f) == .notEnoughData)
    }

    @Test func everySchemeKnowsItsPlaceInTheRegistry() {
        #expect(SegmentScheme.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
        #expect(Set(SegmentScheme.allCases.map(\.column)).count == SegmentScheme.allCases.count, "each scheme has its own column")
    }
}

/// Without enough history for the state model, lifecycle stages fall back to the purchase
/// model's P(alive), then to the gap heuristic; every customer's probabilities still add up to 1.
@Suite struct LifecycleFallbackTests {
    @Test func aSmallBaseUsesThePurchaseModelOrTheHeuristic() throws {
        let dir = TempDir()
        dir.write("customers.csv", RuleTestData.customers)
        dir.write("orders.csv", RuleTestData.orders)
        dir.write("events.csv", RuleTestData.events)
        let data = try load(InputPaths(directory: dir.path))
        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds(RuleTestData.asOf)))
        let lifecycle = s.behaviour.lifecycle
        #expect(lifecycle.source == .heuristic, "five customers are too few for the state model, and no purchase model was given")
        for c in 0..<s.features.count {
            #expect(abs(LifecycleStage.allCases.map { lifecycle.probability(c, $0) }.reduce(0, +) - 1) < 1e-9)
            if !s.features.hasPurchase(c) { #expect(lifecycle.stage[c] == .prospect && lifecycle.probability(c, .prospect) == 1) }
        }
        let withModel = Lifecycle(s.features, pAlive: Array(repeating: 0.2, count: s.features.count), pAliveLater: nil,
                                  thresholds: LifecycleThresholds())
        #expect(withModel.source == .purchaseModel)
        let buyer = try #require((0..<s.features.count).first { s.features.hasPurchase($0) && (s.features.tenureDays($0) ?? 0) > 30 && s.features.lastReturnDay[$0] == Int64.min })
        #expect(abs(withModel.probability(buyer, .lapsed) - 0.8) < 1e-12, "1 − P(alive) is the lapsed stage")
    }
}
