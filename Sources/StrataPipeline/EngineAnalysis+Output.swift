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

    /// Customers per label of a text column (the RFM or activity segment), largest first.
    public func counts(of feature: CustomerFeature) -> [(label: String, customers: Int)] {
        var counts: [String: Int] = [:]
        for value in features.values(feature.rawValue) {
            if case let .text(label) = value { counts[label, default: 0] += 1 }
        }
        return counts.map { ($0.key, $0.value) }.sorted { ($0.customers, $1.label) > ($1.customers, $0.label) }
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
    /// Writes an engine run's OUT/customers.csv (and OUT/rejected.csv when the same run read the
    /// files); returns the files written.
    @discardableResult
    public static func write(_ analysis: EngineAnalysis, report: IngestReport?, to out: String, force: Bool = false) throws(AnalysisError) -> [String] {
        let files = ["customers.csv"] + (report == nil ? [] : ["rejected.csv"])
        try ResultsFolder.claim(out, for: .analyze, writing: files, inputs: report?.files.map(\.file) ?? [], force: force)
        try write("\(out)/customers.csv") { Data(analysis.customersCSV()) }
        if let report { try writeRejected(report, to: out) }
        try ResultsFolder.mark(out, .analyze, files: files)
        return files.map { "\(out)/\($0)" }
    }
}

/// The summary an engine run prints: customers, segment sizes, the fitted models.
public enum EngineSummary {
    public static func text(_ a: EngineAnalysis) -> String {
        let buyers = a.features.values(CustomerFeature.orders.rawValue).filter { value in
            if case let .int(n) = value { return n > 0 }
            return false
        }.count
        var lines = ["Analysis in \(a.engine) as of \(Timestamp.isoDate(day: Timestamp.day(a.asOf))): "
            + "\(NumberFormat.grouped(a.features.rows.count)) customers, \(NumberFormat.grouped(buyers)) with a purchase"]
        func sizes(_ title: String, _ feature: CustomerFeature) {
            let counts = a.counts(of: feature)
            guard !counts.isEmpty else { return }
            lines.append("\(title): " + counts.map { "\($0.label) \(NumberFormat.grouped($0.customers))" }.joined(separator: " · "))
        }
        sizes("RFM segments", .rfmSegment)
        sizes("Activity segments", .activitySegment)
        if let lifetime = a.lifetime {
            for fit in [lifetime.purchaseFit] + (lifetime.spendFit.map { [$0] } ?? []) {
                let parameters = zip(fit.parameterNames, fit.parameters).map { "\($0) = \(NumberFormat.significant($1))" }
                lines.append("\(fit.model): " + parameters.joined(separator: ", "))
            }
            if let selection = a.selection { lines.append("model choice: \(selection.reason)") }
        }
        if let segments = a.segments {
            for (i, name) in segments.columns.enumerated().dropFirst() {
                let members = segments.rows.filter { $0[i] == .int(1) }.count
                if segments.rows.contains(where: { if case .text = $0[i] { return true } else { return false } }) { continue }
                lines.append("segment \(name): \(NumberFormat.grouped(members))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
