import ArgumentParser
import Foundation
import StrataCore

extension Strata {
    struct Cluster: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find data-driven clusters of customers (k-means on standardised features).",
            discussion: """
            Features are customers.csv columns (numbers); skewed ones are log-transformed, all are standardised.
            --k auto picks k in --k-range by the mean silhouette on a 3,000-customer sample. Writes
            OUT/clusters.json (k, silhouettes, each cluster's name, size, centroid) and OUT/clusters.csv
            (customer_id, cluster, cluster_name). --previous OUT/clusters.json keeps an earlier run's cluster ids.
            Each cluster is also profiled against the rest, ranked and planned like a segment: OUT/insights.json
            and OUT/plan.md (--weights, --playbook; docs/insights.md).
            """
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
        @Option(help: "Output directory.") var out: String = "out"
        @Flag(help: "Print the time of the clustering step on stderr.") var timing = false
        @OptionGroup var plans: PlanOptions

        func run() throws {
            let progress = Progress()
            let result = try analysis.run(input, progress: progress)
            let catalog = result.catalog
            let names = features?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? Clustering.defaultFeatures
            var columns: [[Double]] = []
            for name in names {
                guard let type = catalog.type(of: name) else {
                    let known = catalog.customerFields.filter { $0.type == .number }.map(\.name)
                    fail("--features: unknown field '\(name)'; numeric fields: \(known.joined(separator: ", "))")
                }
                guard type == .number, let values = catalog.numbers(name) else { fail("--features: '\(name)' is \(type.rawValue), not a number") }
                columns.append(values)
            }
            let parts = kRange.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 2, parts[1] >= parts[0] else { fail("--k-range '\(kRange)': expected e.g. 2-8") }
            let fixed: Int? = k == "auto" ? nil : Int(k)
            if k != "auto", fixed == nil || fixed! < 1 { fail("--k '\(k)': expected auto or a number ≥ 1") }
            var earlier: [[String: Double]] = []
            if let previous {
                guard let data = FileManager.default.contents(atPath: previous),
                      let report = try? JSONDecoder().decode(ClusterReport.self, from: data) else { fail("\(previous): not a clusters.json") }
                earlier = report.clusters.map(\.centroid)
            }
            progress.step("clustering \(catalog.count) customers on \(names.count) features")
            let start = Date()
            let matrix = FeatureMatrix(names: names, columns: columns)
            let clustering = Clustering(matrix, k: fixed, range: parts[0]...parts[1], seed: seed, previous: earlier)
            if timing { FileHandle.standardError.write(Data(String(format: "timing: cluster %.3f s\n", Date().timeIntervalSince(start)).utf8)) }

            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = ClusterReport(features: names, k: clustering.k,
                                       silhouettes: Dictionary(uniqueKeysWithValues: clustering.silhouettes.map { (String($0.key), $0.value) }),
                                       clusters: clustering.clusters)
            try encoder.encode(report).write(to: URL(fileURLWithPath: "\(out)/clusters.json"))
            var csv = "customer_id,cluster,cluster_name\n"
            for c in 0..<catalog.count {
                let cluster = clustering.clusters[clustering.labels[c]]
                csv += "\(csvField(catalog.id(c))),\(cluster.id),\(csvField(cluster.name))\n"
            }
            try Data(csv.utf8).write(to: URL(fileURLWithPath: "\(out)/clusters.csv"))
            progress.step("profiling, ranking and planning the clusters")
            let scheme = SegmentInsights.ExtraScheme(scheme: "clusters", names: clustering.clusters.map { "\($0.id) · \($0.name)" },
                                                     members: clustering.clusters.indices.map { i in clustering.labels.map { $0 == i } })
            let insights = SegmentInsights(catalog, result.segmentation, extra: [scheme], builtIn: false, settings: plans.settings())
            try writeInsights(insights, asOf: result.asOf, to: out)
            if let matrixOut {
                var text = names.joined(separator: ",") + "\n"
                for i in 0..<matrix.rows {
                    text += (0..<matrix.columns).map { String(matrix.values[i * matrix.columns + $0]) }.joined(separator: ",") + "\n"
                }
                try Data(text.utf8).write(to: URL(fileURLWithPath: matrixOut))
            }
            var rows = [["id", "cluster", "customers", "share"]]
            for cluster in clustering.clusters {
                rows.append([String(cluster.id), cluster.name, SummaryRenderer.grouped(cluster.size), SummaryRenderer.percent(cluster.share)])
            }
            let scores = clustering.silhouettes.sorted { $0.key < $1.key }.map { "k=\($0.key): \(SummaryRenderer.decimal($0.value, 3))" }
            print("k = \(clustering.k)" + (scores.isEmpty ? "" : " (mean silhouette " + scores.joined(separator: ", ") + ")"))
            print(SummaryRenderer.table(rows), terminator: "")
        }

        struct ClusterReport: Codable {
            var features: [String]
            var k: Int
            var silhouettes: [String: Double]
            var clusters: [Clustering.Cluster]
        }
    }
}

/// A CSV field, quoted when needed.
func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}
