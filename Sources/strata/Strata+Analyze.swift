import ArgumentParser
import Foundation
import StrataCore

/// How `analyze` prints its summary on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

extension Strata {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read customers, orders and events; write customer features and segments.",
            discussion: """
            DATA is a directory holding orders.csv|.ndjson (required), and optionally customers.* and events.*.
            Explicit --customers/--orders/--events paths win over the directory's files.
            Writes OUT/customers.csv, OUT/segments.json and OUT/rejected.csv; prints a summary.
            """
        )

        @Argument(help: "Directory with customers/orders/events files.")
        var data: String?

        @Option(help: "Customers file (CSV or NDJSON).") var customers: String?
        @Option(help: "Orders file (CSV or NDJSON).") var orders: String?
        @Option(help: "Events file (CSV or NDJSON).") var events: String?
        @Option(help: "YAML or JSON file mapping columns, delimiters, date formats and currencies.") var config: String?
        @Option(name: .customLong("as-of"), help: "Analysis date (yyyy-MM-dd or ISO 8601); default: the latest timestamp seen.")
        var asOf: String?
        @Option(help: "Output directory.") var out: String = "out"
        @Option(help: "Summary format on stdout: table, json or csv.") var format: OutputFormat = .table
        @Flag(help: "Stop at the first bad row with a non-zero exit instead of rejecting it and going on.")
        var strict = false

        func validate() throws {
            if data == nil && orders == nil {
                throw ValidationError("Give a data directory or --orders FILE.")
            }
            if let asOf, parseAsOf(asOf) == nil {
                throw ValidationError("--as-of '\(asOf)': expected a date such as 2024-06-30 or 2024-06-30T23:59:59Z")
            }
        }

        func run() throws {
            let progress = Progress()
            let inputConfig = try config.map { path throws(IngestError) in try InputConfig.load(path: path) } ?? InputConfig()
            let loader = DatasetLoader(
                paths: InputPaths(directory: data, customers: customers, orders: orders, events: events),
                config: inputConfig, strict: strict)
            let dataset: Dataset
            do {
                dataset = try loader.load(progress: progress.step)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            guard let latest = dataset.latestTimestamp else {
                FileHandle.standardError.write(Data("error: no orders or events were kept; nothing to analyze\n".utf8))
                throw ExitCode(2)
            }
            // A date-only --as-of means the end of that day.
            let asOfSeconds = asOf.flatMap(parseAsOf) ?? latest
            progress.step("computing features for \(dataset.customers.count) customers")
            let segmentation = Segmentation(dataset, settings: FeatureSettings(asOf: asOfSeconds))
            let summary = AnalysisSummary(segmentation, report: dataset.report, asOf: asOfSeconds)

            progress.step("writing \(out)")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try CustomerTableWriter.write(dataset.customers, segmentation, to: "\(out)/customers.csv")
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

/// Reads `--as-of`: a date means the end of that day (UTC); a full timestamp is taken as is.
func parseAsOf(_ text: String) -> Int64? {
    var copy = Array(text.utf8)
    return copy.withUnsafeMutableBufferPointer { buffer -> Int64? in
        let bytes = UnsafeBufferPointer(buffer)
        guard let ts = FieldTimestamp.parse(bytes) else { return nil }
        return text.count == 10 || text.count == 8 ? ts + 86_399 : ts
    }
}
