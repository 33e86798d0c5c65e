import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// The playbook: the shipped file is the built-in one, strategies are chosen by name, then by
/// conditions, then the fallback, and every mistake in a file is located.
@Suite struct PlaybookTests {
    @Test func theExampleFileIsTheBuiltInPlaybook() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent("examples/playbook.yaml"), encoding: .utf8)
        #expect(example == Playbook.defaultYAML + "\n")
        #expect(Playbook.standard.strategies.count == 7)
    }

    @Test func strategiesAreChosenByNameThenConditionsThenFallback() {
        let playbook = Playbook.standard
        // "At Risk" is named by "Win back the valuable" even though its engagement meets "Grow the best".
        #expect(playbook.strategy(for: "At Risk", metrics: ["engagement_rate": 0.9, "median_recency_days": 10])?.name == "Win back the valuable")
        #expect(playbook.strategy(for: "least-engaged", metrics: [:])?.name == "Reactivate the least engaged")
        // A custom segment goes by its profile; every condition must hold.
        #expect(playbook.strategy(for: "vip", metrics: ["engagement_rate": 0.7, "median_recency_days": 20])?.name == "Grow the best")
        #expect(playbook.strategy(for: "vip", metrics: ["engagement_rate": 0.7, "median_recency_days": 200, "orders": 5])?.name == "Win back the valuable")
        #expect(playbook.strategy(for: "quiet", metrics: ["engagement_rate": 0.05])?.name == "Reactivate the least engaged")
        // A missing metric meets no condition: the fallback.
        #expect(playbook.strategy(for: "unknown", metrics: [:])?.name == "Keep in touch")
    }

    @Test func mistakesAreLocated() {
        func error(_ yaml: String) -> String {
            do { _ = try Playbook(yaml: yaml, file: "p.yaml"); return "no error" } catch { return error.description }
        }
        let base = "strategies:\n  - name: A\n    objective: o\n    message: m\n    kpi: k\n"
        #expect(error(base) == "no error")
        #expect(error(base + "    colour: red\n") == "p.yaml:6:5: unknown key 'colour': expected name, segments, when, objective, message, offer, channel, fallback_channel, timing, frequency, kpi or for_causes")
        #expect(error(base + "    when: [\"engagment_rate > 1\"]\n").hasPrefix("p.yaml:6:12: condition 'engagment_rate > 1': unknown metric 'engagment_rate'"))
        #expect(error(base + "    when: [\"orders => 1\"]\n").hasPrefix("p.yaml:6:12: condition 'orders => 1': expected `metric op number`"))
        #expect(error(base + "    when: [\"orders >= many\"]\n") == "p.yaml:6:12: condition 'orders >= many': 'many' is not a number")
        #expect(error(base.replacingOccurrences(of: "message: m", with: "message: hi {name}")).hasPrefix("p.yaml:4:14: `message`: unknown placeholder {name}"))
        #expect(error(base + "    for_causes:\n      bad weather: x\n").hasPrefix("p.yaml:7:7: unknown cause 'bad weather'"))
        #expect(error(base.replacingOccurrences(of: "    kpi: k\n", with: "")) == "p.yaml:2:5: strategy 'A' needs `kpi`")
        #expect(error(base + "    segments: [x]\n  - name: B\n    segments: [X]\n    objective: o\n    message: m\n    kpi: k\n")
            .hasSuffix("segment 'X' is named by both 'A' and 'B'"))
        #expect(error("strategies: 3").hasPrefix("p.yaml:1:13: `strategies` must be a list"))
        #expect(error("strategies: [\n").hasPrefix("p.yaml: not valid YAML"))
    }
}
