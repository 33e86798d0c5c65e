import ArgumentParser
import Foundation
import StrataCore

extension Strata {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a demo data set and analyze it (the main job on embedded defaults).",
            discussion: "Same as `strata generate --out DIR/data` followed by `strata analyze DIR/data --out DIR/out --report DIR/report.html`."
        )

        @Option(help: "Number of customers to generate.") var customers: Int = 20_000
        @Option(help: "Random seed.") var seed: UInt64 = 7
        @Option(help: "Working directory for data and results.") var dir: String = "demo"

        func run() throws {
            try generateData(customers: customers, seed: seed, out: "\(dir)/data", progress: Progress())
            let analyze = try Analyze.parse(["\(dir)/data", "--out", "\(dir)/out", "--report", "\(dir)/report.html"])
            try analyze.validate()
            try analyze.run()
            let recovery = try PersonaRecovery(truthFile: "\(dir)/data/truth.csv", customersFile: "\(dir)/out/customers.csv")
            print("Planted personas (\(dir)/data/truth.csv) against the activity segments found:")
            print(recovery.table)
            print("Results: \(dir)/out/customers.csv, segments.json, insights.json, plan.md; \(dir)/report.html")
        }
    }
}
