import ArgumentParser
import StrataCore
import StrataPipeline

extension Strata {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a demo data set and analyze it (the main job on embedded defaults).",
            discussion: helpText("Same as `strata generate --out DIR/data` followed by `strata analyze DIR/data --out DIR/out --report DIR/report.html`.", examples: [
                "strata demo",
                "strata demo --customers 100000 --dir big-demo",
            ])
        )

        @Option(help: "Number of customers to generate.") var customers: Int = 20_000
        @Option(help: "Random seed.") var seed: UInt64 = 7
        @Option(help: "Working directory for data and results (created when missing).") var dir: String = "demo"
        @OptionGroup var world: WorldOptions
        @Flag(help: "Write into --dir even when its data or out folder holds other files of the same names.") var force = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            guard customers > 0 else { throw ValidationError("--customers must be at least 1, got \(customers)") }
            try requireOutputFolder(dir, "--dir")
            try requireResultsFolder("\(dir)/data", "--dir", for: .generate, force: force)
            try requireResultsFolder("\(dir)/out", "--dir", for: .analyze, force: force)
        }

        func run() throws {
            let progress = progressOptions.progress()
            try generate(customers: customers, seed: seed, world: world, out: "\(dir)/data", force: force, progress: progress)
            var settings = Analysis.Settings()
            let insights = settings.insights
            settings.insights = nil
            let analysis = try Analysis.run(.files(InputPaths(directory: "\(dir)/data")), settings: settings, progress: progress.step)
            let written = try finish(analysis, insights: insights, out: "\(dir)/out", report: "\(dir)/report.html", store: nil, format: .table,
                                     force: force, progress: progress)
            if analysis.segmentation.schemes.contains(.activity) {
                let recovery = try PersonaRecovery(truthFile: "\(dir)/data/truth.csv", customersFile: "\(dir)/out/customers.csv")
                say("Planted personas (\(dir)/data/truth.csv) against the activity segments found:")
                output(recovery.table)
            }
            listWritten(written, onStdout: true)
        }
    }
}
