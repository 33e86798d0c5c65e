import ArgumentParser
import StrataCore
import StrataOutputs
import StrataPipeline

extension SummaryFit.Model: ExpressibleByArgument {}

extension Strata {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a lifetime model to a per-customer summary by maximum likelihood.",
            discussion: helpText("""
            SUMMARY.csv has one row per customer with frequency, recency, T (or Hardie's x, t_x, T) and,
            for gamma-gamma, monetary_value (or zbar); an id column may come first. Times may be in any
            unit (days, weeks); the parameters are in that unit.
            """, examples: [
                "strata fit summary.csv --model bg-nbd",
                "strata fit summary.csv --model pareto-nbd --format json",
            ])
        )

        @Argument(help: "Summary CSV file.") var summary: String
        @Option(help: "Model: \(SummaryFit.Model.allCases.map(\.rawValue).joined(separator: ", ")).")
        var model: SummaryFit.Model = .purchase(.bgNBD)
        @Option(help: "L2 penalty on the parameters (0: plain maximum likelihood).") var penalty: Double = 0
        @Option(help: "Output format.") var format: TableOrJSON = .table
        @Option(help: "Also print the expected purchases of a new customer at times 1…N (purchase models).")
        var curve: Int?
        @Flag(help: "Print the time of each step (read, fit) on stderr.") var timing = false

        func validate() throws {
            try checkPenalty(penalty)
            try requireFile(summary, "SUMMARY")
            if let curve {
                guard curve > 0 else { throw ValidationError("--curve must be at least 1, got \(curve)") }
                guard model != .gammaGamma else { throw ValidationError("--curve: gamma-gamma is a spend model; it has no purchase curve") }
            }
        }

        func run() throws {
            var clock = StepClock()
            let summaries = try SummaryReader.read(path: summary)
            clock.lap("read")
            let result: SummaryFit
            do { result = try SummaryFit(summaries, model: model, penalty: penalty, curveLength: curve) } catch {
                throw AnalysisError.modelFit(file: summary, error)
            }
            clock.lap("fit")
            if timing { clock.report() }
            if format == .json {
                output(String(decoding: try FitRenderer.json(result), as: UTF8.self))
            } else {
                output(FitRenderer.text(result), terminator: "")
            }
            if !result.fit.converged { warn("the optimiser did not converge; the estimates may be off") }
        }
    }
}
