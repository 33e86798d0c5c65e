import ArgumentParser
import Foundation
import StrataCore
import StrataOutputs
import StrataPipeline

/// The time unit models are fitted in.
enum TimeUnit: String, ExpressibleByArgument, CaseIterable {
    case days, weeks
    var days: Double { self == .days ? 1 : 7 }
}

extension Strata {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a purchase model out of sample: fit before a date, predict the holdout period after it.",
            discussion: helpText("""
            The cohort is every customer whose first purchase comes before --holdout-from. The model is
            fitted on their purchases before that date and predicts each one's purchases from it to
            --holdout-to (default: the last order). Prints predicted vs actual holdout purchases per
            calibration frequency and in total, the mean absolute error, and the weekly tracking curve.
            --report FILE.html draws them, with the cumulative tracking chart (holdout start marked), the
            period transactions (customers by repeat purchases, actual vs the model) and the P(alive) matrix.
            """, examples: [
                "strata validate --orders orders.csv --holdout-from 1997-10-01 --unit weeks",
                "strata validate data/ --holdout-from 2024-01-01 --report check.html",
                "strata validate data/ --holdout-from 2024-01-01 --format json",
            ])
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var modelOptions: ModelOptions
        @Option(name: .customLong("holdout-from"), help: "First day of the holdout period (yyyy-MM-dd).")
        var holdoutFrom: String
        @Option(name: .customLong("holdout-to"), help: "Last day of the holdout period; default: the day of the last order.")
        var holdoutTo: String?
        @Option(help: "Time unit of the fit: days or weeks.") var unit: TimeUnit = .days
        @Option(help: "Output format.") var format: TableOrJSON = .table
        @Option(help: "Also write an HTML page with the tracking, period-transactions and P(alive) charts here.") var report: String?
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            try input.requireData()
            guard parseAsOf(holdoutFrom) != nil else { throw ValidationError("--holdout-from '\(holdoutFrom)': expected a date such as 1997-10-01") }
            if let holdoutTo {
                guard let end = parseAsOf(holdoutTo) else { throw ValidationError("--holdout-to '\(holdoutTo)': expected a date") }
                guard end >= parseAsOf(holdoutFrom)! else { throw ValidationError("--holdout-to '\(holdoutTo)' is before --holdout-from '\(holdoutFrom)'") }
            }
            if let db = input.db { try requireStore(db) }
            if let report { try requireWritableFile(report, "--report") }
        }

        func run() throws {
            let progress = progressOptions.progress()
            let validation = try Analysis.holdout(try input.source, from: parseAsOf(holdoutFrom)!, to: holdoutTo.flatMap(parseAsOf),
                                                  unitDays: unit.days, kind: modelOptions.model, penalty: modelOptions.penalty,
                                                  progress: progress.step)
            if format == .json {
                output(String(decoding: try HoldoutRenderer.json(validation), as: UTF8.self))
            } else {
                output(HoldoutRenderer.text(validation), terminator: "")
            }
            if let report {
                try AnalysisArtefacts.write(report) { Data(HTMLReport.validation(validation).utf8) }
                listWritten([report], onStdout: format == .table)
            }
        }
    }
}
