import ArgumentParser
import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline

extension Strata {
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a purchase model to a summary and write each customer's predictions.",
            discussion: helpText("""
            Writes customer_id, p_alive, expected_purchases (in the next --horizon time units) and
            next_order_in (median time to the next purchase if the customer stays active, in the
            summary's time unit; empty when
            P(alive) < --min-p-alive). With a monetary_value (or zbar) column, also fits Gamma-Gamma on
            the repeat buyers and adds expected_aov and clv: the expected purchases of each twelfth of
            the horizon, valued at expected_aov, discounted by --discount-rate per twelfth.
            """, examples: [
                "strata predict summary.csv --model bg-nbd --horizon 39 --out predictions.csv",
            ])
        )

        @Argument(help: "Summary CSV file (as for `strata fit`).") var summary: String
        @OptionGroup var modelOptions: ModelOptions
        @Option(help: "Prediction horizon, in the summary's time unit.") var horizon: Double
        @Option(name: .customLong("discount-rate"), help: "CLV discount rate per twelfth of the horizon.")
        var discountRate: Double = 0.01
        @Option(name: .customLong("min-p-alive"), help: "Below this P(alive), next_order_in is left empty.")
        var minPAlive: Double = 0.05
        @Option(help: "Output CSV file.") var out: String = "predictions.csv"
        @Flag(help: "Print the time of each step (read, fit and predict, write) on stderr.") var timing = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            guard horizon > 0, horizon.isFinite else { throw ValidationError("--horizon must be > 0, got \(horizon)") }
            guard discountRate >= 0, discountRate.isFinite else { throw ValidationError("--discount-rate must be ≥ 0") }
            guard (0...1).contains(minPAlive) else { throw ValidationError("--min-p-alive must be between 0 and 1") }
            try requireFile(summary, "SUMMARY")
            try requireWritableFile(out, "--out")
        }

        func run() throws {
            let progress = progressOptions.progress()
            var clock = StepClock()
            let summaries = try SummaryReader.read(path: summary)
            clock.lap("read")
            progress.step("fitting \(modelOptions.model.rawValue) to \(summaries.count) customers")
            let settings = PredictionSettings(horizon: horizon, discountRate: discountRate, minimumPAlive: minPAlive)
            let prediction: SummaryPrediction
            do {
                prediction = try SummaryPrediction(summaries, kind: modelOptions.model, penalty: modelOptions.penalty, settings: settings)
            } catch {
                throw AnalysisError.modelFit(file: summary, error)
            }
            clock.lap("fit and predict")
            for message in FitWarnings.messages(fits: prediction.fits, spendProblem: prediction.spendProblem,
                                                excludedFromSpend: prediction.excludedFromSpend) {
                warn(message)
            }
            progress.step("writing \(out)")
            try AnalysisArtefacts.write(out) { Data(PredictionWriter.render(summaries, prediction.predictions)) }
            clock.lap("write")
            if timing { clock.report() }
            output(TextTable.render(SummaryRenderer.parameterRows(prediction.fits), left: [0, 2]), terminator: "")
            output("wrote \(summaries.count) predictions to \(out)")
            progress.step("done")
        }
    }
}
