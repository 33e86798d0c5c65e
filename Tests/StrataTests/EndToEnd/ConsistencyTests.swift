import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline

/// Outputs that must not contradict each other or mislead a marketer: names that say what they
/// hold, P(alive) that falls for one-time buyers, next-better segments up each scheme's own
/// ladder, one share everywhere, ties that do not depend on the file, plain words for statistics.
@Suite struct ConsistencyTests {
    static let run: (Analysis, TempDir) = {
        let dir = DataGeneratorTests().generate(5_000, seed: 31)
        var settings = Analysis.Settings()
        settings.segmentsFile = "\(fixtures)/../../examples/segments/campaigns.strata"
        return (try! Analysis.run(.files(InputPaths(directory: dir.path)), settings: settings), dir)
    }()

    @Test func recencyDaysIsTheDaysSinceTheLastPurchase() throws {
        let (a, _) = Self.run
        let f = a.segmentation.features
        let recency = try #require(a.catalog.numbers("recency_days"))
        let btyd = try #require(a.catalog.numbers("btyd_recency_days"))
        for c in 0..<f.count where f.hasPurchase(c) {
            #expect(recency[c] == Double(f.asOfDay - f.lastPurchaseDay[c]))
            #expect(btyd[c] == Double(f.lastPurchaseDay[c] - f.firstPurchaseDay[c]))
        }
        // The example's "Lapsed VIPs" are what the title says: nobody who bought in 180 days.
        let custom = try #require(a.custom)
        let lapsed = try #require(custom.segmentNames.firstIndex(of: "Lapsed VIPs"))
        let members = (0..<f.count).filter { custom.members[lapsed][$0] }
        #expect(!members.isEmpty)
        #expect(members.allSatisfy { f.daysSinceLastPurchase($0)! > 180 && a.segmentation.rfm[$0] != .champions })
    }

    @Test func oneTimeBuyersPAliveFallsWithTimeSinceTheirPurchase() throws {
        let (a, _) = Self.run
        let lifetime = try #require(a.lifetime)
        let selection = try #require(lifetime.selection)
        #expect(PurchaseModelChoice.automaticCandidates.map(\.rawValue).contains(selection.chosen))
        #expect(selection.candidates.count == 3 && selection.candidates.filter { $0.holdoutMAE != nil }.count == 3)
        let eligible = selection.candidates.filter(\.eligible).compactMap(\.holdoutMAE)
        #expect(selection.candidates.first { $0.model == selection.chosen }?.holdoutMAE == eligible.min())
        let f = a.segmentation.features
        let oneTime = (0..<f.count).filter { f.repeatPurchases($0) == 0 }
            .map { (days: f.daysSinceLastPurchase($0)!, p: lifetime.predictions.pAlive[$0]) }.sorted { $0.days < $1.days }
        #expect(oneTime.count > 100)
        for (a, b) in zip(oneTime, oneTime.dropFirst()) { #expect(b.p <= a.p + 1e-12, "P(alive) rises from \(a) to \(b)") }
        #expect(oneTime.last!.p < 0.5, "a purchase \(oneTime.last!.days) days ago leaves P(alive) \(oneTime.last!.p)")
        // segments.json carries the evidence.
        let json = String(decoding: try a.summary.json(), as: UTF8.self)
        #expect(json.contains("\"selection\"") && json.contains("\"holdout_mae\""))
    }

    @Test func nextBetterSegmentsFollowEachSchemesLadder() throws {
        let (a, _) = Self.run
        let insights = try #require(a.insights)
        for kind in a.segmentation.schemes {
            let scheme = try #require(insights.schemes.first { $0.scheme == .builtIn(kind) })
            let ranked = Set(scheme.priorities.filter { $0.rank != nil }.map(\.segment))
            for p in scheme.priorities where p.rank != nil {
                var expected = kind.nextBetter(p.segment)
                while let name = expected, !ranked.contains(name) { expected = kind.nextBetter(name) }
                #expect(p.nextBetter == expected, "\(kind) \(p.segment): \(p.nextBetter ?? "-") instead of \(expected ?? "-")")
            }
        }
        #expect(SegmentScheme.rfm.nextBetter("Can't Lose Them") == "Champions")
        #expect(SegmentScheme.activity.nextBetter("passive") == "active")
        #expect(SegmentScheme.activity.nextBetter("least-engaged") == "passive")
    }

    @Test func aSegmentsShareReadsTheSameEverywhere() throws {
        let (a, _) = Self.run
        let insights = try #require(a.insights)
        for summary in a.summary.schemes {
            let scheme = try #require(insights.schemes.first { $0.scheme == .builtIn(summary.scheme) })
            for profile in summary.segments {
                guard let priority = scheme.priorities.first(where: { $0.segment == profile.segment }), priority.rank != nil else { continue }
                #expect(NumberFormat.percent(priority.share) == NumberFormat.percent(profile.share), "\(profile.segment)")
                #expect(priority.sentence.contains("\(NumberFormat.percent(profile.share)) of customers"))
            }
        }
        #expect(NumberFormat.percent(387.0 / 2000) == "19.4%")
    }

    @Test func printedStatisticsComeWithPlainWords() throws {
        let (_, dir) = Self.run
        let result = StrataCommand.run(["analyze", dir.path, "--out", "\(dir.path)/out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.lowercased().contains("seed"), "no internal wording")
        let effects = result.stdout.components(separatedBy: "d = ").count - 1
        #expect(effects > 0 && effects == result.stdout.components(separatedBy: "(effect size d = ").count - 1)
        #expect(!result.stdout.contains("× more") && !result.stdout.contains("× less"))
    }

    /// Equal counts in two categories: the top category is the first by name, whatever the order
    /// of the rows; a first purchase today is one purchase a month.
    @Test func tiesAndShortTenuresAreDefinedNotAccidental() throws {
        for rows in [["o1,c1,2024-06-01,10,toys", "o2,c1,2024-06-02,10,books"], ["o2,c1,2024-06-02,10,books", "o1,c1,2024-06-01,10,toys"]] {
            let dir = TempDir()
            dir.write("orders.csv", (["order_id,customer_id,ts,amount,category"] + rows + ["o3,c2,2024-06-30,5,toys"]).joined(separator: "\n") + "\n")
            let data = try load(InputPaths(directory: dir.path))
            let f = FeatureBuilder.compute(data, settings: FeatureSettings(asOf: seconds("2024-06-30T23:59:59Z")))
            #expect(f.categoryNames[Int(f.topCategory[0])] == "books")
            #expect(f.purchasesPerMonth(1) == 1, "bought once today")
            #expect(f.purchasesPerMonth(0) == 2, "two purchase days within a month")
        }
    }
}
