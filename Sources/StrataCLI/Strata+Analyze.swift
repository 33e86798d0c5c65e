import ArgumentParser
import Foundation
import StrataCore
import StrataEngines
import StrataOutputs
import StrataPipeline

/// How a command prints its summary on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// How a command whose results do not fit one CSV table prints them.
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension Strata {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read customers, orders and events; write customer features, segments and lifetime predictions.",
            discussion: helpText("""
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
            """, examples: [
                "strata analyze data/ --out out/",
                "strata analyze data/ --segments c.strata --report report.html --out out/",
                "strata analyze --orders orders.csv --config strata.yaml --as-of 2024-06-30",
            ])
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var analysis: AnalysisOptions
        @OptionGroup var engineOptions: EngineOptions
        @Option(help: "Output directory (created when missing).") var out: String = "out"
        @Option(help: "Summary format on stdout: table, json or csv.") var format: OutputFormat = .table
        @Option(help: "Custom segment definitions (docs/segments.md).") var segments: String?
        @Option(name: .customLong("min-segment-size"), help: "Segments with fewer customers are not ranked, and custom ones are warned about.")
        var minSegmentSize: Int = 100
        @Option(name: .customLong("min-segment-share"), help: "Segments holding less than this share of customers are not ranked, and custom ones are warned about.")
        var minSegmentShare: Double = 0.001
        @Option(help: "Also write a self-contained HTML report here (and the same as Markdown next to it, .md).")
        var report: String?
        @OptionGroup var plans: PlanOptions
        @Flag(help: "Write into --out even when it holds another command's results (they are removed).") var force = false
        @Flag(help: "Full tables on stdout, wider than 100 columns (full file paths, ratios, one line per model).") var wide = false
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            // PostgreSQL and SQLite analyse what `strata load` put there, Spark a lake's --tables;
            // data given is loaded first.
            if engineOptions.tables != nil, input.hasData {
                throw ValidationError("give DATA or --tables, not both: --tables names tables already in the layout of docs/scale-out.md")
            }
            if ![.postgres, .sqlite].contains(engineOptions.engine), engineOptions.tables == nil { try input.requireData() }
            if engineOptions.engine != .embedded, input.db != nil {
                throw ValidationError("--engine \(engineOptions.engine.rawValue) reads DATA or the engine's tables, not a store: drop --db (docs/scale-out.md)")
            }
            guard minSegmentSize >= 0 else { throw ValidationError("--min-segment-size must be ≥ 0") }
            guard (0...1).contains(minSegmentShare) else { throw ValidationError("--min-segment-share must be between 0 and 1") }
            if let segments { try requireFile(segments, "--segments") }
            if let report { try requireWritableFile(report, "--report", orIn: out) }
            if let db = input.db { try requireStore(db) }
            try requireResultsFolder(out, "--out", for: .analyze, inputs: input.inputPaths, force: force)
        }

        func run() throws {
            var settings = analysis.settings
            settings.schemes = try input.schemeSettings()
            settings.segmentsFile = segments
            settings.sizeGuard = SegmentSizeGuard(minimumCount: minSegmentSize, minimumShare: minSegmentShare)
            settings.insights = try plans.settings()
            if let engine = try engineOptions.make() {
                try runInEngine(engine, settings: settings)
                return
            }
            let progress = progressOptions.progress()
            var result: Analysis
            // The insights are computed while the output is written (``finish``).
            var withoutInsights = settings
            withoutInsights.insights = nil
            do { result = try Analysis.run(try input.source, settings: withoutInsights, progress: progress.step) } catch let AnalysisError.nothingToAnalyze(report) {
                try AnalysisArtefacts.writeRejectedOnly(report, to: out, force: force)
                throw AnalysisError.nothingToAnalyze(report)
            }
            // Without a report, nothing reads the order and event rows any more.
            if report == nil { result.releaseRows() }
            let written = try finish(result, insights: settings.insights, out: out, report: report, store: input.db, format: format,
                                     force: force, wide: wide, progress: progress)
            listWritten(written, onStdout: format == .table)
        }

        /// The analysis in a database or Spark: the files (when given) are read here and loaded
        /// there first; features, custom segments and the holdout split are computed there.
        private func runInEngine(_ engine: any FeatureEngine, settings: Analysis.Settings) throws {
            let progress = progressOptions.progress()
            var ingest: IngestReport?
            if input.hasData {
                let data = try input.source.load(progress: progress.step)
                ingest = data.report
                progress.step("loading \(NumberFormat.grouped(data.customers.count)) customers into \(engine.name)")
                try blocking { try await engine.load(data) }
            }
            let step: @Sendable (String) -> Void = { message in progress.step(message) }
            let loaded = ingest
            let result = try blocking { try await EngineAnalysis.run(engine, settings: settings, report: loaded, progress: step) }
            for warning in result.warnings { warn(warning) }
            progress.step("writing \(out)")
            var written = try AnalysisArtefacts.write(result, report: ingest, to: out, force: force)
            if let file = report {
                // The report of the results folder, as `strata report` writes it (no model check:
                // it refits on the raw rows, which stay in the engine).
                written += [file, try AnalysisArtefacts.writeReport(try ReportData(outputDirectory: out), to: file)]
            }
            try printSummary(result.summary, insights: result.insights, format: format, wide: wide)
            listWritten(written, onStdout: format == .table)
        }
    }
}

/// The end of an `analyze` (and `demo`) run: warnings, the output files with the `insights` of
/// an analysis made without them (computed while customers.csv is written), the report when
/// asked, and the summary on stdout. Returns the files written.
func finish(_ analysis: Analysis, insights: SegmentInsights.Settings?, out: String, report: String?, store: String?, format: OutputFormat,
            force: Bool, wide: Bool = false, progress: Progress) throws -> [String] {
    warn(analysis)
    progress.step(insights == nil ? "writing \(out)" : "profiling, ranking and planning segments; writing \(out) meanwhile")
    let (result, files) = try AnalysisArtefacts.write(analysis, computingInsights: insights, to: out, force: force)
    var written = files
    if let report {
        let (data, warnings) = AnalysisArtefacts.reportData(result, store: store, progress: progress.step)
        for warning in warnings { warn(warning) }
        written += [report, try AnalysisArtefacts.writeReport(data, to: report)]
    }
    try printSummary(result.summary, insights: result.insights, format: format, wide: wide)
    return written
}

/// Prints an analysis summary (and, as a table, what its primary scheme's segments share).
func printSummary(_ summary: AnalysisSummary, insights: SegmentInsights?, format: OutputFormat, wide: Bool) throws {
    switch format {
    case .table:
        output(SummaryRenderer.text(summary, wide: wide), terminator: "")
        if let insights {
            output(SummaryRenderer.insights(insights, scheme: .primary(of: summary.schemes.map(\.scheme)), wide: wide), terminator: "")
        }
    case .json: output(String(decoding: try summary.json(), as: UTF8.self))
    case .csv: output(summary.csv(), terminator: "")
    }
}
