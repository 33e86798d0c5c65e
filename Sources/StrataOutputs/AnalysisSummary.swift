import Foundation
import StrataCore

/// The result of an analysis in the shape written to `segments.json` and printed by `--format json`.
public struct AnalysisSummary: Sendable, Codable {
    public var asOf: String
    public var customers: Int
    public var schemes: [SchemeSummary]
    public var ingest: [FileReport]
    /// The first rejected rows, located.
    public var issues: [String]
    public var issueCount: Int
    /// How many of them `rejected.csv` lists (up to 10,000 per check in each block of a file read in parallel).
    public var issuesWritten: Int?
    /// The fitted lifetime models, when they were fitted.
    public var models: ModelsSummary?
    /// Custom segments and groups (`--segments`), when given.
    public var custom: CustomSegmentsSummary?
    /// Built-in schemes the data does not support, with why (absent when all are there).
    public var unavailableSchemes: [String: String]?
    /// The engine that computed the features (`analyze --engine`); absent for the embedded engine.
    public var engine: String?

    package enum CodingKeys: String, CodingKey {
        case asOf = "as_of", customers, schemes, ingest, issues, models, custom
        case unavailableSchemes = "unavailable_schemes", engine
        case issueCount = "issue_count"
        case issuesWritten = "issues_written"
    }

    public init(_ segmentation: Segmentation, report: IngestReport, asOf: Int64, lifetime: LifetimeAnalysis? = nil) {
        self.init(customers: segmentation.features.count, asOf: asOf, report: report, lifetime: lifetime,
                  schemes: SchemeSummary.all(segmentation), unavailable: segmentation.unavailable)
    }

    /// A summary of schemes profiled elsewhere (an engine run's).
    public init(customers: Int, asOf: Int64, report: IngestReport, lifetime: LifetimeAnalysis?, schemes: [SchemeSummary],
                unavailable: [SegmentScheme: String]) {
        self.asOf = Timestamp.isoDateTime(asOf)
        self.customers = customers
        self.schemes = schemes
        ingest = report.files
        issues = report.issues.prefix(100).map(\.description)
        issueCount = report.totalRejected
        issuesWritten = report.issues.count
        models = lifetime.map(ModelsSummary.init)
        unavailableSchemes = unavailable.isEmpty ? nil : Dictionary(uniqueKeysWithValues: unavailable.map { ($0.key.rawValue, $0.value) })
    }

    /// The schemes left out, those with the same reason together: (schemes in name order, reason),
    /// ordered by their first scheme.
    public var unavailableByReason: [(schemes: [String], reason: String)] {
        Dictionary(grouping: (unavailableSchemes ?? [:]).sorted { $0.key < $1.key }, by: \.value)
            .map { (schemes: $0.value.map(\.key), reason: $0.key) }
            .sorted { $0.schemes[0] < $1.schemes[0] }
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// One row per scheme and segment: size, shares, revenue and indicator means.
    public func csv() -> String {
        let indicators = Indicator.allCases.map(\.rawValue)
        // The indicators are means over the members: named so, apart from the segment's totals.
        var lines = [(["scheme", "segment", "size", "share", "revenue", "revenue_share"] + indicators.map { "mean_" + $0 }).joined(separator: ",")]
        for scheme in schemes {
            for p in scheme.segments + [scheme.overall] {
                var buffer = CSVBuffer()
                buffer.text(scheme.scheme.rawValue); buffer.comma()
                buffer.text(p.segment); buffer.comma()
                buffer.int(p.size); buffer.comma()
                buffer.fixed(p.share, places: 4); buffer.comma()
                buffer.fixed(p.revenue, places: 2); buffer.comma()
                buffer.fixed(p.revenueShare, places: 4)
                for name in indicators {
                    buffer.comma()
                    if let v = p.means[name] { buffer.fixed(v, places: 4) }
                }
                lines.append(String(decoding: buffer.bytes, as: UTF8.self))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Sizes of the custom segments and of each group's labels.
public struct CustomSegmentsSummary: Sendable, Codable {
    public struct Size: Sendable, Codable {
        public var name: String
        public var size: Int
        public var share: Double
    }

    public struct Group: Sendable, Codable {
        public var name: String
        public var labels: [Size]
    }

    public var segments: [Size]
    public var groups: [Group]

    public init(_ evaluation: SegmentEvaluation) {
        func size(_ name: String, _ count: Int, _ total: Int) -> Size {
            Size(name: name, size: count, share: total == 0 ? 0 : Double(count) / Double(total))
        }
        segments = zip(evaluation.segmentNames, evaluation.members).map { name, members in
            size(name, members.lazy.filter { $0 }.count, members.count)
        }
        groups = evaluation.groupNames.indices.map { g in
            let labels = evaluation.groupLabels[g]
            var counts: [String: Int] = [:]
            for label in labels { counts[label ?? "", default: 0] += 1 }
            let order = evaluation.groupLabelOrder[g] + (counts[""] != nil ? [""] : [])
            let name = evaluation.groupNames[g]
            return Group(name: name, labels: order.map { size($0, counts[$0] ?? 0, labels.count) })
        }
    }
}
