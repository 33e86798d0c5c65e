import Foundation

/// Renders an ``AnalysisSummary`` as readable text tables for the terminal.
public enum SummaryRenderer {
    public static func text(_ summary: AnalysisSummary) -> String {
        var out = "Strata: \(grouped(summary.customers)) customers, as of \(summary.asOf)\n\n"
        out += "Input\n"
        var rows = [["file", "read", "kept", "rejected", "duplicates", "notes"]]
        for file in summary.ingest {
            let reasons = file.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }
            let notes = file.notes.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }
            rows.append([file.file, grouped(file.rowsRead), grouped(file.kept),
                         grouped(file.rejected) + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")"),
                         grouped(file.duplicates), notes.joined(separator: ", ")])
        }
        out += table(rows) + "\n"
        if summary.issueCount > 0 {
            out += "First problems (all \(grouped(summary.issueCount)) in rejected.csv):\n"
            for issue in summary.issues.prefix(5) { out += "  \(issue)\n" }
            out += "\n"
        }
        for scheme in summary.schemes {
            out += scheme.scheme == .rfm ? "RFM segments\n" : "Activity segments\n"
            var rows = [["segment", "customers", "share", "revenue", "rev. share", "AOV", "orders", "engagement", "churn risk"]]
            for p in scheme.segments + [scheme.overall] where p.size > 0 || scheme.scheme == .activity {
                rows.append([p.segment, grouped(p.size), percent(p.share), money(p.revenue), percent(p.revenueShare),
                             p.means["avg_order_value"].map(money) ?? "-",
                             p.means["orders"].map { decimal($0, 2) } ?? "-",
                             p.means["engagement_rate"].map(percent) ?? "-",
                             p.means["churn_risk"].map(percent) ?? "-"])
            }
            out += table(rows) + "\n"
        }
        if let activity = summary.schemes.first(where: { $0.scheme == .activity }) {
            out += "Active vs passive (the seed's comparison; value per segment next to the overall value)\n"
            out += table(comparison(activity)) + "\n"
        }
        if let custom = summary.custom {
            out += "Custom segments\n"
            var rows = [["segment", "customers", "share"]]
            for s in custom.segments { rows.append([s.name, grouped(s.size), percent(s.share)]) }
            out += table(rows) + "\n"
            for group in custom.groups {
                var rows = [["group \(group.name)", "customers", "share"]]
                for l in group.labels { rows.append([l.name.isEmpty ? "(none)" : l.name, grouped(l.size), percent(l.share)]) }
                out += table(rows) + "\n"
            }
        }
        if let models = summary.models {
            out += "Lifetime models (days)\n"
            out += table(fitRows([models.purchase] + (models.spend.map { [$0] } ?? []))) + "\n"
        }
        return out
    }

    /// The seed's six indicators per activity segment, with the overall value in the last column.
    public static func comparison(_ scheme: SchemeSummary) -> [[String]] {
        let columns = scheme.segments + [scheme.overall]
        let overallAOV = scheme.overall.means["avg_order_value"]
        func row(_ label: String, _ key: String, _ format: (Double) -> String) -> [String] {
            [label] + columns.map { $0.means[key].map(format) ?? "-" }
        }
        var rows = [["indicator"] + columns.map(\.segment)]
        rows.append(row("engagement (answered touches)", "engagement_rate", percent))
        rows.append(row("response time (days)", "avg_response_days") { decimal($0, 1) })
        rows.append(row("conversion to purchase", "conversion_rate", percent))
        rows.append(["order value vs average"] + columns.map { p in
            guard let aov = p.means["avg_order_value"], let overall = overallAOV, overall > 0 else { return "-" }
            return money(aov) + " (" + decimal(aov / overall, 2) + "x)"
        })
        rows.append(row("purchase frequency (per month)", "purchases_per_month") { decimal($0, 2) })
        rows.append(row("churn risk (share at risk)", "churn_risk", percent))
        return rows
    }

    /// The strongest three findings of each segment of a scheme.
    public static func insights(_ insights: SegmentInsights, scheme: String) -> String {
        guard let s = insights.schemes.first(where: { $0.scheme == scheme }) else { return "" }
        var out = "What each \(scheme) segment shares (against the rest; significant after correction; insights.json has all)\n"
        for segment in s.segments where !segment.findings.isEmpty {
            out += "  \(segment.segment):\n"
            for finding in segment.findings.prefix(3) { out += "    - \(finding.sentence)\n" }
        }
        if let d = insights.diagnostics {
            out += "\nWhy the \(d.segment) disengage (the seed's candidate causes, tested against the rest)\n"
            for cause in d.causes { out += "  \(cause.holds ? "holds" : "no   ")  \(cause.cause): \(cause.evidence)\n" }
        }
        out += "\nPriorities and plans (\(scheme); plan.md has every scheme)\n"
        for p in s.priorities { out += "  \(p.sentence)\n" }
        for plan in s.plans {
            out += "  \(plan.segment) → \(plan.strategy): \(plan.objective) (\(plan.channel); KPI: \(plan.kpi))\n"
        }
        return out + "\n"
    }

    /// One row per fit: model, customers, each parameter with its standard error, log-likelihood.
    public static func fitRows(_ fits: [ModelFit]) -> [[String]] {
        var rows = [["model", "customers", "parameters (± std. error)", "log-likelihood", "converged"]]
        for fit in fits {
            let parameters = zip(fit.parameterNames, zip(fit.parameters, fit.standardErrors)).map { name, value in
                "\(name) \(significant(value.0))" + (value.1.isFinite ? " ± \(significant(value.1))" : "")
            }
            rows.append([fit.model, grouped(fit.customers), parameters.joined(separator: ", "), decimal(fit.logLikelihood, 2),
                         fit.converged ? "yes (\(fit.iterations) it.)" : "NO (\(fit.iterations) it.)"])
        }
        return rows
    }

    /// Four significant digits.
    public static func significant(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value.isFinite ? "0" : "-" }
        let places = max(0, min(10, 3 - Int(floor(log10(abs(value))))))
        return decimal(value, places)
    }

    /// Aligned columns: the first left-aligned, the others right-aligned.
    public static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// An integer with thousands separators.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Fixed decimals.
    public static func decimal(_ value: Double, _ places: Int) -> String {
        var buffer = CSVBuffer()
        buffer.fixed(value, places: places)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// A share as a percentage with one decimal.
    public static func percent(_ value: Double) -> String { decimal(value * 100, 1) + "%" }

    /// Money with thousands separators and two decimals.
    public static func money(_ value: Double) -> String {
        let text = decimal(abs(value), 2)
        let parts = text.split(separator: ".")
        let whole = Int(parts.first ?? "0") ?? 0
        return (value < 0 && text != "0.00" ? "-" : "") + grouped(whole) + "." + (parts.count > 1 ? parts[1] : "00")
    }
}
