import Foundation
import StrataCore
import StrataPipeline
import Testing

/// The behavioural schemes recover the groups `generate --plant-schemes` plants, every scheme's
/// sizes add up to the base, and the lifecycle probabilities are calibrated on the planted stages.
@Suite struct BehaviourSchemesTests {
    /// One planted world and its analysis, shared by the tests below.
    static let world: (analysis: Analysis, truth: [String: [String]], header: [String]) = {
        var variant = DataGenerator.Variant()
        variant.schemes = true
        let dir = DataGeneratorTests().generate(6_000, seed: 31, variant: variant, rowOrder: .time)
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

    @Test(arguments: [SegmentScheme.email, .experience, .benefits, .occasion, .daypart, .satisfaction, .status])
    func everyPlantedGroupIsRecovered(_ scheme: SegmentScheme) {
        let recovery = Self.recovery(scheme)
        print(scheme.rawValue, recovery.sorted { $0.key < $1.key }.map { "\($0.key) \(NumberFormat.percent(Double($0.value.found) / Double($0.value.planted))) of \($0.value.planted)" }.joined(separator: ", "))
        #expect(Set(recovery.keys).isSubset(of: Set(scheme.segmentNames)))
        for (group, counts) in recovery where counts.planted >= 50 {
            #expect(Double(counts.found) / Double(counts.planted) >= 0.85, "\(scheme.rawValue): \(group) recovered \(counts.found) of \(counts.planted)")
        }
    }

    @Test func lifecycleStagesThatTheHistoryShowsAreRecovered() {
        let recovery = Self.recovery(.lifecycle)
        print("lifecycle", recovery.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.found)/\($0.value.planted)" }.joined(separator: ", "))
        for stage in [LifecycleStage.prospect, .new, .active, .reactivated] {
            let counts = recovery[stage.rawValue]!
            #expect(Double(counts.found) / Double(counts.planted) >= 0.85, "\(stage.rawValue): \(counts.found) of \(counts.planted)")
        }
    }

    /// Predicted probability bins against the share of the planted stage, over every customer and
    /// stage: the reliability table docs/features.md shows.
    @Test func lifecycleProbabilitiesAreCalibratedOnPlantedStages() {
        let (analysis, truth, header) = Self.world
        let column = header.firstIndex(of: "lifecycle")!
        let lifecycle = analysis.segmentation.behaviour.lifecycle
        #expect(lifecycle.fromModel)
        let ids = analysis.dataset.customers.ids
        var predicted = [Double](repeating: 0, count: 10), observed = [Double](repeating: 0, count: 10), counts = [Int](repeating: 0, count: 10)
        var brier = 0.0, pairs = 0
        for c in 0..<analysis.segmentation.features.count {
            let planted = truth[ids.string(c)]![column]
            var total = 0.0
            for stage in LifecycleStage.allCases {
                let p = lifecycle.probability(c, stage)
                total += p
                let hit = planted == stage.rawValue ? 1.0 : 0.0
                let bin = min(9, Int(p * 10))
                predicted[bin] += p; observed[bin] += hit; counts[bin] += 1
                brier += (p - hit) * (p - hit); pairs += 1
            }
            #expect(abs(total - 1) < 1e-9, "the stage probabilities of a customer add up to 1")
        }
        var table = "predicted  observed  pairs\n"
        var weightedGap = 0.0
        for bin in 0..<10 where counts[bin] > 0 {
            let p = predicted[bin] / Double(counts[bin]), o = observed[bin] / Double(counts[bin])
            table += "\(NumberFormat.decimal(p, 3))      \(NumberFormat.decimal(o, 3))     \(counts[bin])\n"
            weightedGap += abs(p - o) * Double(counts[bin])
        }
        let calibrationError = weightedGap / Double(pairs)
        print(table + "expected calibration error \(NumberFormat.decimal(calibrationError, 3)), Brier \(NumberFormat.decimal(brier / Double(pairs), 3))")
        #expect(calibrationError < 0.08)
    }

    @Test func everySchemesSizesAddUpToTheBase() {
        let summary = Self.world.analysis.summary
        let customers = Self.world.analysis.segmentation.features.count
        #expect(summary.schemes.count == SegmentScheme.allCases.count, "every scheme is computable on a planted world")
        for scheme in summary.schemes {
            #expect(scheme.segments.map(\.size).reduce(0, +) == customers, "\(scheme.scheme.rawValue)")
        }
    }
}
