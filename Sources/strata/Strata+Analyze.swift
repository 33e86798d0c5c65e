import ArgumentParser
import Foundation
import StrataCore

/// How a command prints its summary on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

extension Strata {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read customers, orders and events; write customer features, segments and lifetime predictions.",
            discussion: """
            DATA is a directory holding orders.csv|.ndjson (required), and optionally customers.* and events.*.
            Explicit --customers/--orders/--events paths win over the directory's files.
            Writes OUT/customers.csv, OUT/segments.json and OUT/rejected.csv; prints a summary.
            Lifetime models are fitted in days: --model for purchases (P(alive), expected purchases,
            next order date) and Gamma-Gamma for spend (expected order value, CLV); --model none skips them.
            """
        )

        @OptionGroup var input: InputOptions
        @Option(name: .customLong("as-of"), help: "Analysis date (yyyy-MM-dd or ISO 8601); default: the latest timestamp seen.")
        var asOf: String?
        @Option(help: "Output directory.") var out: String = "out"
        @Option(help: "Summary format on stdout: table, json or csv.") var format: OutputFormat = .table
        @Option(help: "Purchase model (\(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")) or none).")
        var model: String = PurchaseModelKind.bgNBD.rawValue
        @Option(help: "Prediction horizon in days (expected purchases and CLV).") var horizon: Int = 365
        @Option(name: .customLong("discount-rate"), help: "CLV discount rate per twelfth of the horizon.")
        var discountRate: Double = 0.01
        @Option(help: "L2 penalty on the model parameters.") var penalty: Double = 0

        func validate() throws {
            if let asOf, parseAsOf(asOf) == nil {
                throw ValidationError("--as-of '\(asOf)': expected a date such as 2024-06-30 or 2024-06-30T23:59:59Z")
            }
            if model != "none", PurchaseModelKind(rawValue: model) == nil {
                throw ValidationError("--model '\(model)': expected one of \(PurchaseModelKind.allCases.map(\.rawValue).joined(separator: ", ")) or none")
            }
            guard horizon > 0 else { throw ValidationError("--horizon must be at least 1 day, got \(horizon)") }
            guard discountRate >= 0, discountRate.isFinite else { throw ValidationError("--discount-rate must be ≥ 0") }
            guard penalty >= 0, penalty.isFinite else { throw ValidationError("--penalty must be ≥ 0") }
        }

        func run() throws {
            let progress = Progress()
            let dataset = try input.load(progress: progress)
            guard let latest = dataset.latestTimestamp else { fail("no orders or events were kept; nothing to analyze") }
            let asOfSeconds = asOf.flatMap(parseAsOf) ?? latest
            progress.step("computing features for \(dataset.customers.count) customers")
            let segmentation = Segmentation(dataset, settings: FeatureSettings(asOf: asOfSeconds))

            var lifetime: LifetimeAnalysis?
            if let kind = PurchaseModelKind(rawValue: model) {
                progress.step("fitting \(kind.rawValue) and gamma-gamma")
                do {
                    lifetime = try LifetimeAnalysis(segmentation.features, kind: kind, penalty: penalty,
                                                    settings: PredictionSettings(horizon: Double(horizon), discountRate: discountRate))
                } catch {
                    FileHandle.standardError.write(Data("warning: lifetime models skipped: \(error)\n".utf8))
                }
                if let problem = lifetime?.spendProblem {
                    FileHandle.standardError.write(Data("warning: spend model skipped (no expected_aov, clv): \(problem)\n".utf8))
                }
            }
            let summary = AnalysisSummary(segmentation, report: dataset.report, asOf: asOfSeconds, lifetime: lifetime)

            progress.step("writing \(out)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try CustomerTableWriter.write(dataset.customers, segmentation, lifetime: lifetime, to: "\(out)/customers.csv")
            try summary.json().write(to: URL(fileURLWithPath: "\(out)/segments.json"))
            try RejectsWriter.render(dataset.report.issues).write(to: URL(fileURLWithPath: "\(out)/rejected.csv"))

            switch format {
            case .table: print(SummaryRenderer.text(summary), terminator: "")
            case .json: print(String(decoding: try summary.json(), as: UTF8.self))
            case .csv: print(summary.csv(), terminator: "")
            }
            progress.step("done")
        }
    }
}
