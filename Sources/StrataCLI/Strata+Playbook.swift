import ArgumentParser
import StrataCore
import StrataPipeline

extension Strata {
    struct PlaybookCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "playbook",
            abstract: "Print the built-in action-plan playbook, or check one.",
            discussion: helpText("""
            Without FILE, prints the built-in playbook (YAML) to start your own from:
              strata playbook > my-playbook.yaml; strata analyze DATA --playbook my-playbook.yaml
            With FILE, checks it and lists its strategies, or names the line and column at fault.
            """, examples: [
                "strata playbook > my-playbook.yaml",
                "strata playbook --check my-playbook.yaml",
            ])
        )

        @Argument(help: "A playbook to check.") var file: String?

        func validate() throws {
            if let file { try requireFile(file, "FILE") }
        }

        func run() throws {
            guard let file else {
                output(Playbook.defaultYAML)
                return
            }
            let playbook = try Playbook.load(path: file)
            output("\(file): \(playbook.strategies.count) strategies")
            for strategy in playbook.strategies {
                var matches: [String] = []
                if !strategy.segments.isEmpty { matches.append("segments " + strategy.segments.joined(separator: ", ")) }
                if !strategy.when.isEmpty { matches.append("when " + strategy.when.map { "\($0)" }.joined(separator: " and ")) }
                output("  \(strategy.name): \(matches.isEmpty ? "fallback" : matches.joined(separator: "; or "))")
            }
        }
    }
}
