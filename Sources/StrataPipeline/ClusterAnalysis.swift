import Foundation
import StrataCore
import StrataOutputs

/// Data-driven clusters of an analysis's customers (k-means on standardised features), profiled,
/// ranked and planned like segments (docs/clusters.md).
public struct ClusterAnalysis: Sendable {
    /// What to cluster on and how.
    public struct Settings: Sendable {
        /// Numeric customer fields (customers.csv columns).
        public var features = Clustering.defaultFeatures
        /// A fixed number of clusters; nil: chosen in ``range`` by the mean silhouette.
        public var k: Int?
        public var range: ClosedRange<Int> = 2...8
        public var seed: UInt64 = 1
        /// An earlier run's clusters.json, whose cluster ids are kept.
        public var previousFile: String?
        public var insights = SegmentInsights.Settings()

        public init() {}
    }

    public var matrix: FeatureMatrix
    public var clustering: Clustering
    public var insights: SegmentInsights
    /// What OUT/clusters.json holds.
    public var report: ClusterReport
    /// The customers' ids, in matrix order.
    public var ids: [String]
    /// Seconds the clustering itself took.
    public var seconds: Double
    /// The files the clusters were computed from (results are never written over them).
    public var inputs: [String]

    public init(_ analysis: Analysis, settings: Settings, progress: (String) -> Void = { _ in }) throws(AnalysisError) {
        let catalog = analysis.catalog
        var columns: [[Double]] = []
        for name in settings.features {
            guard let type = catalog.type(of: name) else {
                let known = catalog.customerFields.filter { $0.type == .number }.map(\.name)
                throw .notInData("--features: unknown field '\(name)'; numeric fields: \(known.joined(separator: ", "))")
            }
            guard type == .number, let values = catalog.numbers(name) else {
                throw .notInData("--features: '\(name)' is \(type.rawValue), not a number")
            }
            columns.append(values)
        }
        var earlier: [[String: Double]] = []
        if let file = settings.previousFile {
            guard let data = FileManager.default.contents(atPath: file) else { throw .unreadable(file: file, reason: "no such file") }
            do { earlier = try JSONDecoder().decode(ClusterReport.self, from: data).clusters.map(\.centroid) } catch {
                throw .unreadable(file: file, reason: "not a clusters.json: \(error)")
            }
        }
        progress("clustering \(catalog.count) customers on \(settings.features.count) features")
        let start = Date()
        matrix = FeatureMatrix(names: settings.features, columns: columns)
        clustering = Clustering(matrix, k: settings.k, range: settings.range, seed: settings.seed, previous: earlier)
        seconds = Date().timeIntervalSince(start)
        report = ClusterReport(features: settings.features, k: clustering.k,
                               silhouettes: Dictionary(uniqueKeysWithValues: clustering.silhouettes.map { (String($0.key), $0.value) }),
                               clusters: clustering.clusters)
        ids = (0..<catalog.count).map(catalog.id)
        inputs = analysis.dataset.report.files.map(\.file) + (settings.previousFile.map { [$0] } ?? [])
        progress("profiling, ranking and planning the clusters")
        let clusters = clustering.clusters, labels = clustering.labels
        let scheme = SegmentInsights.ExtraScheme(scheme: .clusters, names: clusters.map { "\($0.id) · \($0.name)" },
                                                 members: clusters.indices.map { i in labels.map { $0 == i } })
        insights = SegmentInsights(catalog, analysis.segmentation, extra: [scheme], builtIn: false, settings: settings.insights)
    }

    /// Writes OUT/clusters.json, OUT/clusters.csv, OUT/insights.json and OUT/plan.md.
    @discardableResult
    public func write(to out: String, asOf: Int64, force: Bool = false) throws(AnalysisError) -> [String] {
        let files = ResultsFolder.Command.cluster.files
        try ResultsFolder.claim(out, for: .cluster, writing: files, inputs: inputs, force: force)
        try AnalysisArtefacts.write("\(out)/clusters.json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return try encoder.encode(report)
        }
        try AnalysisArtefacts.write("\(out)/clusters.csv") {
            var csv = CSVBuffer()
            csv.row(["customer_id", "cluster", "cluster_name"])
            for (c, id) in ids.enumerated() {
                let cluster = clustering.clusters[clustering.labels[c]]
                csv.row([id, String(cluster.id), cluster.name])
            }
            return Data(csv.bytes)
        }
        try AnalysisArtefacts.writeInsights(insights, asOf: asOf, to: out)
        try ResultsFolder.mark(out, .cluster, files: files)
        return files.map { "\(out)/\($0)" }
    }

    /// Writes the standardised matrix as CSV (for comparisons with other tools).
    public func writeMatrix(to path: String) throws(AnalysisError) {
        try AnalysisArtefacts.write(path) {
            var text = matrix.names.joined(separator: ",") + "\n"
            for i in 0..<matrix.rows {
                text += (0..<matrix.columns).map { String(matrix.values[i * matrix.columns + $0]) }.joined(separator: ",") + "\n"
            }
            return Data(text.utf8)
        }
    }
}

/// OUT/clusters.json: the features, k, the silhouettes tried and every cluster.
public struct ClusterReport: Codable, Sendable {
    public var features: [String]
    public var k: Int
    public var silhouettes: [String: Double]
    public var clusters: [Clustering.Cluster]
}
