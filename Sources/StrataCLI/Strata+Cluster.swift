import ArgumentParser
import Foundation
import StrataCore
import StrataPipeline

extension Strata {
    struct Cluster: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find data-driven clusters of customers (k-means on standardised features).",
            discussion: helpText("""
            Features are customers.csv columns (numbers); skewed ones are log-transformed, all are standardised.
            --k auto picks k in --k-range by the mean silhouette on a 3,000-customer sample. Writes
            OUT/clusters.json (k, silhouettes, each cluster's name, size, centroid) and OUT/clusters.csv
            (customer_id, cluster, cluster_name). --previous OUT/clusters.json keeps an earlier run's cluster ids.
            Each cluster is also profiled against the rest, ranked and planned like a segment: OUT/insights.json
            and OUT/plan.md (--weights, --playbook; docs/insights.md).
            """, examples: [
                "strata cluster data/ --k auto --out out/clusters",
                "strata cluster data/ --k 5 --features recency_days,orders,revenue,clv",
            ])
        )

        @OptionGroup var input: InputOptions
        @OptionGroup var analysis: AnalysisOptions
        @Option(help: "Number of clusters, or auto.") var k: String = "auto"
        @Option(name: .customLong("k-range"), help: "Range for --k auto, e.g. 2-8.") var kRange: String = "2-8"
        @Option(help: "Comma-separated numeric features (default: \(Clustering.defaultFeatures.joined(separator: ","))).")
        var features: String?
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(help: "An earlier run's clusters.json, to keep its cluster ids.") var previous: String?
        @Option(name: .customLong("matrix-out"), help: "Also write the standardised matrix as CSV (for comparisons).") var matrixOut: String?
        @Option(help: "Output directory (created when missing).") var out: String = "out/clusters"
        @Flag(help: "Write into --out even when it holds another command's results (they are removed).") var force = false
        @Flag(help: "Print the time of the clustering step on stderr.") var timing = false
        @OptionGroup var plans: PlanOptions

        var featureNames: [String] {
            features?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? Clustering.defaultFeatures
        }

        var range: ClosedRange<Int>? {
            let parts = kRange.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 2, parts[1] >= parts[0] else { return nil }
            return parts[0]...parts[1]
        }

        var fixedK: Int? { k == "auto" ? nil : Int(k) }
        @OptionGroup var progressOptions: ProgressOptions

        func validate() throws {
            try input.requireData()
            guard range != nil else { throw ValidationError("--k-range '\(kRange)': expected e.g. 2-8") }
            if k != "auto" {
                guard let fixed = fixedK, fixed >= 1 else { throw ValidationError("--k '\(k)': expected auto or a number ≥ 1") }
            }
            for name in featureNames {
                guard !name.isEmpty else { throw ValidationError("--features '\(features ?? "")': an empty name") }
                if let feature = CustomerFeature(rawValue: name), feature.type != .number {
                    throw ValidationError("--features: '\(name)' is \(feature.type.rawValue), not a number")
                }
                // Other names may be numeric customer attributes, checked once the data is read; a
                // name within two edits of a feature's name is taken for a typo of it.
                if name == CustomerFeature.expectedPurchases.rawValue {
                    throw ValidationError("--features: the column is expected_purchases_<horizon>, e.g. expected_purchases_\(analysis.horizon)")
                }
                if let note = CustomerFeature.renameNote(name) { throw ValidationError("--features: \(note)") }
                let modelColumn = name.hasPrefix(CustomerFeature.expectedPurchases.rawValue + "_")
                if CustomerFeature(rawValue: name) == nil, !modelColumn, let near = CustomerFeature.nearest(to: name) {
                    throw ValidationError("--features: unknown field '\(name)'; did you mean '\(near.rawValue)'?")
                }
            }
            if let previous { try requireFile(previous, "--previous") }
            if let db = input.db { try requireStore(db) }
            if let matrixOut { try requireWritableFile(matrixOut, "--matrix-out", orIn: out) }
            try requireResultsFolder(out, "--out", for: .cluster, inputs: input.inputPaths + (previous.map { [$0] } ?? []), force: force)
        }

        func run() throws {
            let progress = progressOptions.progress()
            var settings = analysis.settings
            settings.schemes = try input.schemeSettings()
            settings.insights = nil
            let result = try Analysis.run(try input.source, settings: settings, progress: progress.step)
            warn(result)
            var clusterSettings = ClusterAnalysis.Settings()
            clusterSettings.features = featureNames
            clusterSettings.k = fixedK
            clusterSettings.range = range ?? clusterSettings.range
            clusterSettings.seed = seed
            clusterSettings.previousFile = previous
            clusterSettings.insights = try plans.settings()
            let clusters = try ClusterAnalysis(result, settings: clusterSettings, progress: progress.step)
            if timing { Console.current.error(String(format: "timing: cluster %.3f s\n", clusters.seconds)) }
            var written = try clusters.write(to: out, asOf: result.asOf, force: force)
            if let matrixOut {
                try clusters.writeMatrix(to: matrixOut)
                written.append(matrixOut)
            }
            defer { listWritten(written, onStdout: true) }
            var rows = [["id", "cluster", "customers", "share"]]
            for cluster in clusters.clustering.clusters {
                rows.append([String(cluster.id), cluster.name, NumberFormat.grouped(cluster.size), NumberFormat.percent(cluster.share)])
            }
            let scores = clusters.clustering.silhouettes.sorted { $0.key < $1.key }.map { "k=\($0.key): \(NumberFormat.decimal($0.value, 3))" }
            output("k = \(clusters.clustering.k)" + (scores.isEmpty ? "" : " (mean silhouette " + scores.joined(separator: ", ") + ")"))
            output(TextTable.render(rows), terminator: "")
        }
    }
}
