import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline
import Testing

/// The behavioural schemes recover the groups `generate --plant-schemes` plants, every scheme's
/// sizes add up to the base, and the lifecycle probabilities are calibrated on the planted stages.
@Suite struct BehaviourSchemesTests {
    /// One planted world and its analysis, shared by the tests below.
    static let world: (analysis: Analysis, truth: [String: [String]], header: [String]) = {
        let dir = plantedWorld()
        let analysis = try! Analysis.run(.files(InputPaths(directory: dir.path)))
        let lines = try! String(contentsOfFile: "\(dir.path)/truth.csv", encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        var truth: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            truth[fields[0]] = fields
        }
        return (analysis, truth, header)
    }()

    /// 6,000 customers in time order with every scheme's groups planted.
    static func plantedWorld() -> TempDir {
        var variant = DataGenerator.Variant()
        variant.schemes = true
        return DataGeneratorTests().generate(6_000, seed: 31, variant: variant, rowOrder: .time)
    }

    /// Share of each planted group found in the segment of the same name.
    static func recovery(_ scheme: SegmentScheme) -> [String: (found: Int, planted: Int)] {
        let (analysis, truth, header) = world
        let column = header.firstIndex(of: scheme.rawValue)!
        let ids = analysis.dataset.customers.ids
        var out: [String: (found: Int, planted: Int)] = [:]
        for c in 0..<analysis.segmentation.features.count {
            let planted = truth[ids.string(c)]![column]
            let found = analysis.segmentation.segment(scheme, c)
            out[planted, default: (0, 0)].planted += 1
            if found == planted { out[planted]!.found += 1 }
        }
        return out
    }

    @Test(arguments: [SegmentScheme.email, .experience, .benefits, .occasion, .daypart, .satisfaction, .status, .usage, .cycle, .interests, .shopper])
    func everyPlantedGroupIsRecovered(_ scheme: SegmentScheme) {
        let recovery = Self.recovery(scheme)
        print(scheme.rawValue, recovery.sorted { $0.key < $1.key }.map { "\($0.key) \(NumberFormat.percent(Double($0.value.found) / Double($0.value.planted))) of \($0.value.planted)" }.joined(separator: ", "))
        #expect(Set(recovery.keys).isSubset(of: Set(Self.world.analysis.segmentation.labels(scheme).names)))
        for (group, counts) in recovery where counts.planted >= 50 {
            #expect(Double(counts.found) / Double(counts.planted) >= 0.85, "\(scheme.rawValue): \(group) recovered \(counts.found) of \(counts.planted)")
        }
    }

    @Test func everyPlantedLifecycleStageIsRecovered() {
        let recovery = Self.recovery(.lifecycle)
        print("lifecycle", recovery.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.found)/\($0.value.planted)" }.joined(separator: ", "))
        for stage in LifecycleStage.allCases {
            let counts = recovery[stage.rawValue]!
            #expect(Double(counts.found) / Double(counts.planted) >= 0.85, "\(stage.rawValue): \(counts.found) of \(counts.planted)")
        }
    }

    /// Loyalty tiers are shares of the buyers ranked by CLV: with the shares set to the planted
    /// ones (a user who knows their top 6% sets `gold_share`), gold, silver and bronze buyers are
    /// found in their tiers.
    @Test func everyPlantedLoyaltyTierIsRecovered() throws {
        let (_, truth, header) = Self.world
        let column = header.firstIndex(of: SegmentScheme.loyalty.rawValue)!
        var planted: [String: Int] = [:]
        for row in truth.values { planted[row[column], default: 0] += 1 }
        let buyers = Double(truth.count - planted[SegmentScheme.notEnoughData, default: 0])
        var settings = Analysis.Settings()
        settings.schemes.loyalty.goldShare = Double(planted["gold"]!) / buyers
        settings.schemes.loyalty.silverShare = Double(planted["silver"]!) / buyers
        let analysis = try Analysis.run(.files(InputPaths(directory: Self.plantedWorld().path)), settings: settings)
        #expect(analysis.segmentation.behaviour.loyaltyByCLV)
        let ids = analysis.dataset.customers.ids
        var found: [String: Int] = [:]
        for c in 0..<analysis.segmentation.features.count {
            let group = truth[ids.string(c)]![column]
            if analysis.segmentation.segment(.loyalty, c) == group { found[group, default: 0] += 1 }
        }
        print("loyalty", planted.sorted { $0.key < $1.key }.map { "\($0.key) \(found[$0.key, default: 0])/\($0.value)" }.joined(separator: ", "))
        for (tier, count) in planted {
            #expect(Double(found[tier, default: 0]) / Double(count) >= 0.85, "\(tier): \(found[tier, default: 0]) of \(count)")
        }
    }

    /// Predicted probability bins against the observed share of the planted stage: the
    /// reliability tables docs/features.md shows. First every customer and stage, then the one
    /// the model judges, P(lapsed), over the established buyers (not new, not reactivated).
    @Test func lifecycleProbabilitiesAreCalibratedOnPlantedStages() {
        let (analysis, truth, header) = Self.world
        let column = header.firstIndex(of: "lifecycle")!
        let lifecycle = analysis.segmentation.behaviour.lifecycle
        #expect(lifecycle.source == .stateModel)
        let ids = analysis.dataset.customers.ids
        var all: [(p: Double, hit: Bool)] = [], lapsed: [(p: Double, hit: Bool)] = []
        for c in 0..<analysis.segmentation.features.count {
            let planted = truth[ids.string(c)]![column]
            #expect(abs(LifecycleStage.allCases.map { lifecycle.probability(c, $0) }.reduce(0, +) - 1) < 1e-9, "a customer's stage probabilities add up to 1")
            for stage in LifecycleStage.allCases { all.append((lifecycle.probability(c, stage), planted == stage.rawValue)) }
            if [LifecycleStage.active, .atRisk, .lapsed].contains(lifecycle.stage[c]) {
                lapsed.append((lifecycle.probability(c, .lapsed), planted == LifecycleStage.lapsed.rawValue))
            }
        }
        // P(lapsed) is the harder of the two: the state model learns "will not buy within the
        // window", the planted truth is "stopped for good" (docs/features.md shows both tables).
        for (name, pairs, bound) in [("every stage", all, 0.05), ("P(lapsed) of established buyers", lapsed, 0.10)] {
            let (table, error, brier) = Self.reliability(pairs)
            print("\(name):\n" + table + "expected calibration error \(NumberFormat.decimal(error, 3)), Brier \(NumberFormat.decimal(brier, 3))")
            #expect(error < bound, "\(name)")
        }
    }

    /// Ten probability bins: mean predicted, observed share, pairs; the pair-weighted mean gap; the Brier score.
    static func reliability(_ pairs: [(p: Double, hit: Bool)]) -> (table: String, error: Double, brier: Double) {
        var predicted = [Double](repeating: 0, count: 10), observed = predicted, counts = [Int](repeating: 0, count: 10)
        var brier = 0.0
        for (p, hit) in pairs {
            let bin = min(9, Int(p * 10))
            predicted[bin] += p; observed[bin] += hit ? 1 : 0; counts[bin] += 1
            brier += (p - (hit ? 1 : 0)) * (p - (hit ? 1 : 0))
        }
        var table = "| predicted | observed | pairs |\n|---|---|---|\n", gap = 0.0
        for bin in 0..<10 where counts[bin] > 0 {
            let p = predicted[bin] / Double(counts[bin]), o = observed[bin] / Double(counts[bin])
            table += "| \(NumberFormat.decimal(p, 3)) | \(NumberFormat.decimal(o, 3)) | \(NumberFormat.grouped(counts[bin])) |\n"
            gap += abs(p - o) * Double(counts[bin])
        }
        return (table, gap / Double(pairs.count), brier / Double(pairs.count))
    }

    @Test func everySchemesSizesAddUpToTheBase() {
        let summary = Self.world.analysis.summary
        let customers = Self.world.analysis.segmentation.features.count
        #expect(summary.schemes.count == SegmentScheme.allCases.count, "every scheme is computable on a planted world")
        for scheme in summary.schemes {
            #expect(scheme.segments.map(\.size).reduce(0, +) == customers, "\(scheme.scheme.rawValue)")
        }
    }

    /// segments.json carries the lifecycle flow and the loyalty floors; the report draws every
    /// scheme, the flow and the floors.
    @Test func theSummaryAndTheReportShowTheFlowAndTheFloors() throws {
        let analysis = Self.world.analysis
        let lifecycle = try #require(analysis.summary.schemes.first { $0.scheme == .lifecycle })
        let flow = try #require(lifecycle.movingToward)
        #expect(flow.map { $0.reduce(0, +) } == lifecycle.segments.map(\.size), "each stage's row counts its customers")
        let loyalty = try #require(analysis.summary.schemes.first { $0.scheme == .loyalty })
        let floors = try #require(loyalty.floors)
        #expect(loyalty.rankedBy == "clv" && floors["gold"]! > floors["silver"]!)
        let json = String(decoding: try JSONEncoder().encode(analysis.summary), as: UTF8.self)
        #expect(json.contains("\"moving_toward\"") && json.contains("\"ranked_by\":\"clv\""))
        let html = HTMLReport.render(ReportData(summary: analysis.summary, segmentation: analysis.segmentation, lifetime: analysis.lifetime))
        #expect(html.contains("<section id=\"schemes\"><h2>Behavioural schemes</h2>"))
        #expect(html.contains("Lifecycle flow") && html.contains("Loyalty tiers rank buyers by CLV"))
        for scheme in SegmentScheme.allCases where scheme.isBehavioural {
            #expect(html.contains("id=\"\(scheme.rawValue)-segments\""), "\(scheme.rawValue) has its table")
        }
    }

    /// Loyalty tiers are shares of the buyers ranked by value; customers of equal value share a tier.
    @Test func loyaltyTiersCutTheRankedBuyersAtTheirShares() {
        let values: [Double] = (1...100).map(Double.init) + [.nan, .nan]
        let (tiers, floors) = LoyaltyThresholds().tiers(values)
        #expect(tiers.filter { $0 == .gold }.count == 5 && tiers.filter { $0 == .silver }.count == 15)
        #expect(tiers.filter { $0 == .bronze }.count == 80 && tiers.suffix(2) == [.notEnoughData, .notEnoughData])
        #expect(floors.gold == 96 && floors.silver == 81)
        let tied = LoyaltyThresholds().tiers([Double](repeating: 7, count: 40)).tiers
        #expect(tied.allSatisfy { $0 == .gold }, "one value: everyone is at the floor")
    }
}
