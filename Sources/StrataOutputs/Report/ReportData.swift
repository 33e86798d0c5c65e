import Foundation
import StrataCore

/// Everything the report shows: the analysis summary plus the per-customer columns its charts
/// aggregate. Built from an analysis in memory, or read back from a previous run's output folder.
public struct ReportData: Sendable {
    public var summary: AnalysisSummary
    /// First and last purchase dates (yyyy-MM-dd) over all customers.
    public var firstPurchase: String?
    public var lastPurchase: String?
    public var daysSinceLastPurchase: [Double]
    public var repeatPurchases: [Double]
    public var averageOrderValue: [Double]
    public var engagementRate: [Double]
    public var responseDays: [Double]
    public var activitySegment: [String]
    public var rScore: [Int]
    public var fScore: [Int]
    public var rfmSegment: [String]
    /// Empty without models.
    public var pAlive: [Double]
    public var clv: [Double]
    public var expectedPurchases: [Double]
    /// A calibration/holdout check of the purchase model, when one was run.
    public var holdout: HoldoutValidation?
    /// Segment movement between stored snapshots, when the data came from a store with snapshots.
    public var history: SnapshotHistory?
    /// What each segment's members share, when profiled.
    public var insights: SegmentInsights?
    /// Customer attributes with their most common values (at most 8, the rest as "other").
    public var attributes: [Attribute]

    public struct Attribute: Sendable {
        public var name: String
        public var values: [(value: String, count: Int)]

        /// The top values of a column of texts ("" = missing, left out).
        package init(name: String, texts: [String]) {
            self.name = name
            var counts: [String: Int] = [:]
            for t in texts where !t.isEmpty { counts[t, default: 0] += 1 }
            let sorted = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            var top = Array(sorted.prefix(8)).map { (value: $0.key, count: $0.value) }
            let rest = sorted.dropFirst(8).reduce(0) { $0 + $1.value }
            if rest > 0 { top.append((value: "other", count: rest)) }
            values = top
        }
    }

    /// From an analysis in memory.
    public init(summary: AnalysisSummary, segmentation s: Segmentation, lifetime: LifetimeAnalysis?) {
        self.summary = summary
        let f = s.features
        let n = f.count
        let buyers = (0..<n).filter { f.hasPurchase($0) }
        firstPurchase = buyers.map { f.firstPurchaseDay[$0] }.min().map { Timestamp.isoDate(day: $0) }
        lastPurchase = buyers.map { f.lastPurchaseDay[$0] }.max().map { Timestamp.isoDate(day: $0) }
        daysSinceLastPurchase = (0..<n).map { f.daysSinceLastPurchase($0).map(Double.init) ?? .nan }
        repeatPurchases = (0..<n).map { f.repeatPurchases($0).map(Double.init) ?? .nan }
        averageOrderValue = (0..<n).map { f.averageOrderValue($0) ?? .nan }
        engagementRate = (0..<n).map { f.engagementRate($0) ?? .nan }
        responseDays = (0..<n).map { f.averageResponseDays($0) ?? .nan }
        activitySegment = s.activity.map(\.rawValue)
        rScore = s.scores.recency.map(Int.init)
        fScore = s.scores.frequency.map(Int.init)
        rfmSegment = s.rfm.map(\.rawValue)
        pAlive = lifetime?.predictions.pAlive ?? []
        clv = lifetime?.predictions.clv ?? []
        expectedPurchases = lifetime?.predictions.expectedPurchases ?? []
        attributes = []
    }

    /// The same, with the customer attributes of `customers` (numeric ones such as birth years are left out).
    public init(summary: AnalysisSummary, segmentation s: Segmentation, lifetime: LifetimeAnalysis?, customers: CustomerTable) {
        self.init(summary: summary, segmentation: s, lifetime: lifetime)
        attributes = customers.attributes.filter { $0.numericValues == nil }.map { attribute in
            Attribute(name: attribute.name, texts: (0..<customers.count).map { attribute.value($0) ?? "" })
        }
    }

    /// From a previous run's `OUT/segments.json` and `OUT/customers.csv`.
    public init(outputDirectory out: String) throws(IngestError) {
        let summaryPath = "\(out)/segments.json"
        guard let json = FileManager.default.contents(atPath: summaryPath) else {
            throw .cannotOpen(file: summaryPath, reason: "no such file: run strata analyze --out \(out) first")
        }
        do {
            summary = try JSONDecoder().decode(AnalysisSummary.self, from: json)
        } catch {
            throw .invalidConfig(file: summaryPath, message: "not a segments.json written by strata analyze: \(error)")
        }
        // Attribute columns: those that are neither features, model outputs nor custom segments.
        let header = try CustomerColumns.header(path: "\(out)/customers.csv")
        let expectedColumn = header.first { $0.hasPrefix(CustomerFeature.expectedPurchases.rawValue + "_") }
        let own = Set(CustomerFeature.allCases.map(\.rawValue) + (expectedColumn.map { [$0] } ?? [])
            + (summary.custom.map { $0.segments.map(\.name) + $0.groups.map(\.name) } ?? []))
        let attributeNames = header.filter { !own.contains($0) }
        let read: [CustomerFeature] = [.recencyDays, .repeatPurchases, .averageOrderValue, .engagementRate, .averageResponseDays,
                                       .rScore, .fScore, .pAlive, .clv, .activitySegment, .rfmSegment, .firstPurchase, .lastPurchase]
        let table = try CustomerColumns(path: "\(out)/customers.csv",
                                        numbers: read.filter { $0.type == .number }.map(\.rawValue) + (expectedColumn.map { [$0] } ?? []),
                                        texts: read.filter { $0.type != .number }.map(\.rawValue) + attributeNames)
        insights = FileManager.default.contents(atPath: "\(out)/insights.json").flatMap { try? JSONDecoder().decode(SegmentInsights.self, from: $0) }
        // Text attributes only, as in memory: a column whose every value is a number is left out.
        attributes = attributeNames.filter { name in
            !table.text(name).allSatisfy { $0.isEmpty || Double($0.trimmingCharacters(in: .whitespaces))?.isFinite == true }
        }.map { Attribute(name: $0, texts: table.text($0)) }
        daysSinceLastPurchase = table.number(.recencyDays)
        repeatPurchases = table.number(.repeatPurchases)
        averageOrderValue = table.number(.averageOrderValue)
        engagementRate = table.number(.engagementRate)
        responseDays = table.number(.averageResponseDays)
        rScore = table.number(.rScore).map { $0.isFinite ? Int($0) : 0 }
        fScore = table.number(.fScore).map { $0.isFinite ? Int($0) : 0 }
        activitySegment = table.text(.activitySegment)
        rfmSegment = table.text(.rfmSegment)
        pAlive = table.has(.pAlive) ? table.number(.pAlive) : []
        clv = table.has(.clv) ? table.number(.clv) : []
        expectedPurchases = expectedColumn.map { table.number($0) } ?? []
        firstPurchase = table.text(.firstPurchase).filter { !$0.isEmpty }.min()
        lastPurchase = table.text(.lastPurchase).filter { !$0.isEmpty }.max()
    }
}

extension CustomerColumns {
    func has(_ feature: CustomerFeature) -> Bool { has(feature.rawValue) }
    func number(_ feature: CustomerFeature) -> [Double] { number(feature.rawValue) }
    func text(_ feature: CustomerFeature) -> [String] { text(feature.rawValue) }
}
