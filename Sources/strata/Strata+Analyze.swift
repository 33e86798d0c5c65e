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
            Writes OUT/customers.csv, OUT/segments.json, OUT/rejected.csv, OUT/insights.json (profiles, diagnostics,
            priorities, plans) and OUT/plan.md; prints a summary.
            Lifetime models are fitted in days: --model for purchases (P(alive), expected purchases,
            next order date) and Gamma-Gamma for spend (expected order value, CLV); --model none skips them.
            --segments FILE adds a 0/1 column per custom segment and a label column per group
            (docs/segments.md), and warns about segments too small to act on.
            Segments are ranked by a score a user can re-weight (--weights) and planned from a playbook
            (--playbook; docs/insights.md).
            """
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var analysis: AnalysisOptions
        @Option(help: "Output directory.") var out: String = "out"
        @Option(help: "Summary format on stdout: table, json or csv.") var format: OutputFormat = .table
        @Option(help: "Custom segment definitions (docs/segments.md).") var segments: String?
        @Option(name: .customLong("min-segment-size"), help: "Segments with fewer customers are not ranked, and custom ones are warned about.")
        var minSegmentSize: Int = 100
        @Option(name: .customLong("min-segment-share"), help: "Segments holding less than this share of customers are not ranked, and custom ones are warned about.")
        var minSegmentShare: Double = 0.001
        @Option(help: "Also write a self-contained HTML report here (and the same as Markdown next to it, .md).")
        var report: String?
        @OptionGroup var plans: PlanOptions

        func validate() throws {
            guard minSegmentSize >= 0 else { throw ValidationError("--min-segment-size must be ≥ 0") }
            guard (0...1).contains(minSegmentShare) else { throw ValidationError("--min-segment-share must be between 0 and 1") }
        }

        func run() throws {
            let guardRail = SegmentSizeGuard(minimumCount: minSegmentSize, minimumShare: minSegmentShare)
            let settings = plans.settings(sizeGuard: guardRail)
            let progress = Progress()
            let result = try analysis.run(input, progress: progress)
            var summary = AnalysisSummary(result.segmentation, report: result.dataset.report, asOf: result.asOf, lifetime: result.lifetime)
            let catalog = result.catalog
            var custom: SegmentEvaluation?
            if let segments {
                progress.step("evaluating \(segments)")
                let evaluation = RuleEvaluator.evaluate(loadRules(segments, schema: RuleSchema(catalog)), catalog)
                for warning in guardRail.warnings(evaluation) { warn(warning) }
                summary.custom = CustomSegmentsSummary(evaluation)
                custom = evaluation
            }

            progress.step("writing \(out)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try CustomerTableWriter.write(result.dataset.customers, result.segmentation, lifetime: result.lifetime,
                                          custom: custom, to: "\(out)/customers.csv")
            try summary.json().write(to: URL(fileURLWithPath: "\(out)/segments.json"))
            try RejectsWriter.render(result.dataset.report.issues).write(to: URL(fileURLWithPath: "\(out)/rejected.csv"))
            progress.step("profiling, ranking and planning segments")
            let insights = SegmentInsights(catalog, result.segmentation, customers: result.dataset.customers,
                                           extra: custom.map { [SegmentInsights.ExtraScheme(custom: $0)] } ?? [], settings: settings)
            try writeInsights(insights, asOf: result.asOf, to: out)
            if let report {
                var data = ReportData(summary: summary, segmentation: result.segmentation, lifetime: result.lifetime,
                                      customers: result.dataset.customers)
                data.insights = insights
                if let db = input.db {
                    do { data.history = try SnapshotHistory(openStore(db)) } catch { warn("report: no movement section: \(error)") }
                }
                if result.lifetime != nil, let kind = PurchaseModelKind(rawValue: analysis.model) {
                    progress.step("calibration/holdout check for the report")
                    data.holdout = holdoutCheck(result, kind: kind)
                }
                try writeReport(data, to: report)
            }

            switch format {
            case .table:
                print(SummaryRenderer.text(summary), terminator: "")
                print(SummaryRenderer.insights(insights, scheme: "activity"), terminator: "")
            case .json: print(String(decoding: try summary.json(), as: UTF8.self))
            case .csv: print(summary.csv(), terminator: "")
            }
            progress.step("done")
        }
    }
}

/// The report's calibration/holdout check: the last min(horizon, a quarter of the purchase period)
/// days before as-of are held out. Nil (with a warning) when the model cannot be fitted on the rest.
func holdoutCheck(_ result: AnalysisOptions.Result, kind: PurchaseModelKind) -> HoldoutValidation? {
    let f = result.segmentation.features
    let buyers = (0..<f.count).filter { f.hasPurchase($0) }
    guard let first = buyers.map({ f.firstPurchaseDay[$0] }).min() else { return nil }
    let asOfDay = Timestamp.day(result.asOf)
    let length = min(Int64(result.lifetime?.settings.horizon ?? 365), (asOfDay - first) / 4)
    guard length >= 7 else { return nil }
    do {
        return try HoldoutValidation(result.dataset, holdoutFrom: (asOfDay - length + 1) * 86_400, holdoutTo: result.asOf, kind: kind)
    } catch {
        warn("report: calibration/holdout check skipped: \(error)")
        return nil
    }
}
