import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// `strata analyze` as a user runs it: plans and priorities on disk, re-weighting from the command
/// line, and a broken playbook named by line and column with nothing written.
@Suite struct AnalyzeCommandTests {
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        StrataCommand.run(arguments)
    }

    @Test func writesPlansAndHonoursWeightsAndPlaybooks() throws {
        let dir = DataGeneratorTests().generate(3_000, seed: 5)
        let out = "\(dir.path)/out"
        let bySize = try Self.run(["analyze", dir.path, "--out", out, "--model", "none", "--weights", "size=1"])
        #expect(bySize.status == 0, "\(bySize.stderr)")
        let insights = try JSONDecoder().decode(SegmentInsights.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/insights.json")))
        let activity = try #require(insights.schemes.first { $0.scheme == .builtIn(.activity) })
        let ranked = activity.priorities.filter { $0.rank != nil }
        #expect(ranked.map(\.size) == ranked.map(\.size).sorted(by: >), "by size alone, the largest first")
        #expect(insights.weights == PriorityWeights(value: 0, potential: 0, size: 1))
        let plan = try String(contentsOfFile: "\(out)/plan.md", encoding: .utf8)
        #expect(plan.contains("## Activity segments") && plan.contains("## RFM segments"))
        #expect(bySize.stdout.contains("Priorities and plans (activity"))
        // The demo's persona check reads the same files: every generated customer is counted once.
        let recovery = try PersonaRecovery(truthFile: "\(dir.path)/truth.csv", customersFile: "\(out)/customers.csv")
        #expect(recovery.counts.joined().reduce(0, +) == 3_000)
        #expect(recovery.accuracy() > 0.85)

        // A playbook of one fallback strategy plans every segment with it.
        let playbook = "\(dir.path)/one.yaml"
        try "strategies:\n  - name: Same for all\n    objective: o\n    message: Hello {segment}\n    kpi: k\n".write(toFile: playbook, atomically: true, encoding: .utf8)
        #expect(try Self.run(["analyze", dir.path, "--out", out, "--model", "none", "--playbook", playbook]).status == 0)
        let planned = try JSONDecoder().decode(SegmentInsights.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/insights.json")))
        let plans = planned.schemes.flatMap(\.plans)
        #expect(!plans.isEmpty && plans.allSatisfy { $0.strategy == "Same for all" && $0.message == "Hello \($0.segment)" })

        // Mistakes stop the run before anything is written, and say where.
        try "strategies:\n  - name: A\n    objective: o\n    message: m\n    kpi: k\n    when: [\"clv >> 3\"]\n".write(toFile: playbook, atomically: true, encoding: .utf8)
        let broken = try Self.run(["analyze", dir.path, "--out", "\(dir.path)/never", "--playbook", playbook])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("one.yaml:6:12: condition 'clv >> 3': expected `metric op number`"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/never"))
        let weights = try Self.run(["analyze", dir.path, "--out", "\(dir.path)/never", "--weights", "value=1,reach=2"])
        #expect(weights.status != 0 && weights.stderr.contains("'reach': expected value, potential or size"))
    }

    @Test func clustersAreRankedAndPlannedToo() throws {
        let dir = DataGeneratorTests().generate(2_000, seed: 3)
        let out = "\(dir.path)/clusters"
        let run = try Self.run(["cluster", dir.path, "--k", "3", "--out", out, "--model", "none"])
        #expect(run.status == 0, "\(run.stderr)")
        let insights = try JSONDecoder().decode(SegmentInsights.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/insights.json")))
        #expect(insights.schemes.map(\.scheme) == [.clusters])
        let clusters = try #require(insights.schemes.first)
        #expect(clusters.plans.count == 3 && clusters.segments.map(\.size).reduce(0, +) == 2_000)
        #expect(clusters.plans.allSatisfy { $0.segment.hasPrefix("0 · ") || $0.segment.hasPrefix("1 · ") || $0.segment.hasPrefix("2 · ") })
        #expect(try String(contentsOfFile: "\(out)/plan.md", encoding: .utf8).contains("## Clusters"))
    }

    @Test func playbookCommandPrintsAndChecks() throws {
        let printed = try Self.run(["playbook"])
        #expect(printed.status == 0 && printed.stdout == Playbook.defaultYAML + "\n")
        let dir = TempDir()
        dir.write("p.yaml", Playbook.defaultYAML)
        let checked = try Self.run(["playbook", "\(dir.path)/p.yaml"])
        #expect(checked.stdout.contains("7 strategies") && checked.stdout.contains("Keep in touch: fallback"))
    }
}
