import Foundation
import StrataCore
import StrataEngines

extension EngineAnalysis {
    /// The columns of the engine run's customers.csv: those the engine computed, the model
    /// outputs, the attributes, then the custom segments — named as the embedded run names them.
    public var header: [String] {
        let horizon = Int(lifetime?.settings.horizon ?? 0)
        return FeatureQuery.columns.map(\.rawValue)
            + Self.modelColumns(lifetime).map { $0.name(horizonDays: horizon) }
            + facts.attributes.map { FeatureQuery.attributeColumn($0.name) }
            + (segments?.columns.dropFirst().map { $0 } ?? [])
    }

    /// customers.csv: one row per customer, values written as the embedded run writes them.
    public func customersCSV() -> [UInt8] {
        var out = CSVBuffer(capacity: features.rows.count * 300 + 4096)
        for (i, name) in header.enumerated() {
            if i > 0 { out.comma() }
            out.text(name)
        }
        out.newline()
        let columns = FeatureQuery.columns.map { features.column($0.rawValue) }
        let revenueCents = features.column("revenue_cents")
        let attributes = facts.attributes.map { features.column(FeatureQuery.attributeColumn($0.name)) }
        let models = Self.modelColumns(lifetime)
        let asOfDay = Timestamp.day(asOf)
        for (r, row) in features.rows.enumerated() {
            for (i, feature) in FeatureQuery.columns.enumerated() {
                if i > 0 { out.comma() }
                if feature == .revenue, facts.hasAmounts, let revenueCents, case let .int(cents) = row[revenueCents] {
                    out.cents(cents)
                } else if let column = columns[i] {
                    out.engineValue(row[column])
                }
            }
            for model in models {
                out.comma()
                out.value(model.modelValue(r, lifetime?.predictions, asOfDay: asOfDay))
            }
            for column in attributes {
                out.comma()
                if let column { out.engineValue(row[column]) }
            }
            if let segments {
                for value in segments.rows[r].dropFirst() {
                    out.comma()
                    out.engineValue(value)
                }
            }
            out.newline()
        }
        return out.bytes
    }

    private static func modelColumns(_ lifetime: LifetimeAnalysis?) -> [CustomerFeature] {
        CustomerFeature.modelColumns.filter { $0.isPresent(lifetime: lifetime) }
    }
}

extension CSVBuffer {
    /// A value an engine returned: numbers exactly, texts quoted when needed, NULL as nothing.
    mutating func engineValue(_ value: EngineTables.Value) {
        switch value {
        case .null: return
        case let .int(v): int(v)
        case let .double(v): exact(v)
        case let .text(v): text(v)
        }
    }
}

extension AnalysisArtefacts {
    /// Writes an engine run's OUT/customers.csv, segments.json and, with insights, insights.json and
    /// plan.md — and OUT/rejected.csv when the same run read the files; returns the files written.
    @discardableResult
    public static func write(_ analysis: EngineAnalysis, report: IngestReport?, to out: String, force: Bool = false) throws(AnalysisError) -> [String] {
        let files = ResultsFolder.Command.analyze.files.filter { file in
            (analysis.insights != nil || !["insights.json", "plan.md"].contains(file)) && (report != nil || file != "rejected.csv")
        }
        try ResultsFolder.claim(out, for: .analyze, writing: files, inputs: report?.files.map(\.file) ?? [], force: force)
        try write("\(out)/customers.csv") { Data(analysis.customersCSV()) }
        try write("\(out)/segments.json") { try analysis.summary.json() }
        if let report { try writeRejected(report, to: out) }
        if let insights = analysis.insights { try writeInsights(insights, asOf: analysis.asOf, to: out) }
        try ResultsFolder.mark(out, .analyze, files: files)
        return files.map { "\(out)/\($0)" }
    }
}
