import Foundation
import StrataCore

/// Renders an ``AnalysisSummary`` as readable text tables for the terminal.
public enum SummaryRenderer {
    /// The summary as text. By default every line fits ``TextWrap/width`` columns (the file names
    /// shortened, the comparison without ratios, one model parameter a line); `wide` gives the
    /// full tables.
    public static func text(_ summary: AnalysisSummary, wide: Bool = false) -> String {
        var out = "Strata: \(NumberFormat.grouped(summary.customers)) customers, as of \(summary.asOf)"
            + (summary.engine.map { ", computed in \($0)" } ?? "") + "\n\n"
        if !summary.ingest.isEmpty { out += input(summary, wide: wide) }
        func prose(_ text: String) -> String { Self.prose(text, wide: wide) }
        if summary.issueCount > 0 {
            let written = summary.issuesWritten ?? summary.issueCount
            out += prose(written >= summary.issueCount
                ? "First problems (all \(NumberFormat.grouped(summary.issueCount)) in rejected.csv):\n"
                : "First problems (\(NumberFormat.grouped(summary.issueCount)) rejected; rejected.csv lists the first "
                    + "\(NumberFormat.grouped(written)): up to 10,000 per check in each block of the file read in parallel):\n")
            for issue in summary.issues.prefix(5) { out += prose("  \(issue)\n") }
            out += "\n"
        }
        for scheme in summary.schemes where !scheme.scheme.isBehavioural || scheme.scheme == .lifecycle {
            out += scheme.scheme.title + "\n"
            var rows = [["segment", "customers", "share", "revenue", "rev. share", "AOV", "orders", "engaged", "churn risk"]]
            for p in scheme.segments + [scheme.overall] where p.size > 0 || scheme.scheme.listsEmptySegments {
                rows.append([p.segment, NumberFormat.grouped(p.size), NumberFormat.percent(p.share),
                             wide ? NumberFormat.money(p.revenue) : NumberFormat.grouped(Int(p.revenue.rounded())), NumberFormat.percent(p.revenueShare),
                             p.mean(.averageOrderValue).map(NumberFormat.money) ?? "-",
                             p.mean(.orders).map { NumberFormat.decimal($0, 2) } ?? "-",
                             p.mean(.engagementRate).map(NumberFormat.percent) ?? "-",
                             p.mean(.atRiskShare).map(NumberFormat.percent) ?? "-"])
            }
            out += TextTable.render(rows) + "\n"
        }
        if !summary.schemes.isEmpty {
            out += prose("Revenue and AOV (order value) in the data's currency; orders: mean per customer; engaged: share of "
                + "touches answered; churn risk: share of customers at risk.\n\n")
        }
        let behavioural = summary.schemes.filter { $0.scheme.isBehavioural && $0.scheme != .lifecycle }
        if !behavioural.isEmpty {
            out += "Behavioural segments (segments.json and the report have each one's profile)\n"
            for scheme in behavioural {
                let sizes = scheme.segments.filter { $0.size > 0 }.map { "\($0.segment) \(NumberFormat.percent($0.share))" }
                out += prose("  \(scheme.scheme.shortTitle.lowercased()): " + sizes.joined(separator: " · ") + "\n")
            }
            out += "\n"
        }
        for (schemes, reason) in summary.unavailableByReason {
            out += prose("No \(schemes.joined(separator: ", ")) segments: \(reason)\n\n")
        }
        if let activity = summary.schemes.first(where: { $0.scheme == .activity }) {
            out += "Active vs passive on six indicators (each segment's value next to the overall value)\n"
            out += TextTable.render(comparison(activity, wide: wide)) + "\n"
        }
        if let custom = summary.custom {
            out += "Custom segments\n"
            var rows = [["segment", "customers", "share"]]
            for s in custom.segments { rows.append([s.name, NumberFormat.grouped(s.size), NumberFormat.percent(s.share)]) }
            out += TextTable.render(rows) + "\n"
            for group in custom.groups {
                var rows = [["group \(group.name)", "customers", "share"]]
                for l in group.labels { rows.append([l.name.isEmpty ? "(none)" : l.name, NumberFormat.grouped(l.size), NumberFormat.percent(l.share)]) }
                out += TextTable.render(rows) + "\n"
            }
        }
        if let models = summary.models {
            out += "Lifetime models (days)\n"
            let fits = [models.purchase] + (models.spend.map { [$0] } ?? [])
            out += (wide ? TextTable.render(fitRows(fits)) : TextTable.render(parameterRows(fits), left: [0, 2])) + "\n"
            if let selection = models.selection {
                out += prose("Purchase model: \(selection.reason)\n")
                if !selection.candidates.isEmpty { out += TextTable.render(selectionRows(selection)) }
                out += "\n"
            }
        }
        return out
    }

    /// Prose is wrapped to the width (unless `wide`); tables are left whole.
    private static func prose(_ text: String, wide: Bool) -> String { wide ? text : TextWrap.wrap(text) }

    /// The Input section: each file's counts, rejects by reason, notes and column mapping.
    private static func input(_ summary: AnalysisSummary, wide: Bool) -> String {
        var out = "Input\n"
        func prose(_ text: String) -> String { Self.prose(text, wide: wide) }
        func name(_ file: String) -> String { wide ? file : (file as NSString).lastPathComponent }
        var rows = [["file", "read", "kept", "rejected", "duplicates", "merged", "skipped"]]
        var notes = ""
        for file in summary.ingest {
            rows.append([name(file.file), NumberFormat.grouped(file.rowsRead), NumberFormat.grouped(file.kept), NumberFormat.grouped(file.rejected),
                         NumberFormat.grouped(file.duplicates), NumberFormat.grouped(file.merged), NumberFormat.grouped(file.skipped)])
            let reasons = file.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \(NumberFormat.grouped($0.value))" }
            if !reasons.isEmpty { notes += "\(name(file.file)) rejected: \(reasons.joined(separator: ", "))\n" }
            let counts = file.notes.sorted { $0.key < $1.key }.map { "\($0.key) \(NumberFormat.grouped($0.value))" }
            if !counts.isEmpty { notes += "\(name(file.file)) notes: \(counts.joined(separator: ", "))\n" }
        }
        out += TextTable.render(rows) + prose(notes)
        for file in summary.ingest {
            let fed = file.columns.sorted { $0.key < $1.key }.map { "\($0.key) ← \($0.value)" }
            if !fed.isEmpty { out += prose("\(name(file.file)) columns: \(fed.joined(separator: ", "))\n") }
            if file.merged > 0 {
                out += prose("\(name(file.file)): \(NumberFormat.grouped(file.kept)) orders from \(NumberFormat.grouped(file.kept + file.merged)) lines\n")
            }
            for (rule, count) in file.skippedByRule.sorted(by: { $0.key < $1.key }) {
                out += prose("\(name(file.file)): skipped \(NumberFormat.grouped(count)) rows where \(rule)\n")
            }
        }
        return out + "\n"
    }

    /// The seed's six indicators per activity segment, with the overall value in the last column.
    /// Narrow (the default): short labels and the order value without its ratio to the average.
    public static func comparison(_ scheme: SchemeSummary, wide: Bool = true) -> [[String]] {
        let columns = scheme.segments + [scheme.overall]
        let overallAOV = scheme.overall.mean(.averageOrderValue)
        func row(_ label: String, _ indicator: Indicator, _ format: (Double) -> String) -> [String] {
            [label] + columns.map { $0.mean(indicator).map(format) ?? "-" }
        }
        var rows = [["indicator"] + columns.map(\.segment)]
        rows.append(row(wide ? "engagement (answered touches)" : "engagement (%)", .engagementRate, NumberFormat.percent))
        rows.append(row("response time (days)", .averageResponseDays) { NumberFormat.decimal($0, 1) })
        rows.append(row(wide ? "conversion to purchase" : "conversion (%)", .conversionRate, NumberFormat.percent))
        rows.append([wide ? "order value vs average" : "order value"] + columns.map { p in
            guard let aov = p.mean(.averageOrderValue), let overall = overallAOV, overall > 0 else { return "-" }
            return NumberFormat.money(aov) + (wide ? " (" + NumberFormat.decimal(aov / overall, 2) + "x)" : "")
        })
        rows.append(row(wide ? "purchase frequency (per month)" : "orders per month", .purchasesPerMonth) { NumberFormat.decimal($0, 2) })
        rows.append(row(wide ? "churn risk (share at risk)" : "churn risk (%)", .atRiskShare, NumberFormat.percent))
        return rows
    }

    /// The strongest three findings of each segment of a scheme.
    /// Lines wrapped to ``TextWrap/width`` unless `wide`.
    public static func insights(_ insights: SegmentInsights, scheme: SegmentScheme, wide: Bool = false) -> String {
        guard let s = insights.schemes.first(where: { $0.scheme == .builtIn(scheme) }) else { return "" }
        var out = "What each \(scheme) segment shares (against the rest; significant after correction; insights.json has all)\n"
        for segment in s.segments where !segment.findings.isEmpty {
            out += "  \(segment.segment):\n"
            for finding in segment.findings.prefix(3) { out += "    - \(finding.sentence)\n" }
        }
        if let d = insights.diagnostics {
            out += "\nWhy the \(d.segment) disengage (common causes of disengagement, each tested against the other customers)\n"
            for cause in d.causes { out += "  \(cause.holds ? "holds" : "no   ")  \(cause.cause): \(cause.evidence)\n" }
        }
        out += "\nPriorities and plans (\(scheme); plan.md has every scheme)\n"
        for p in s.priorities { out += "  \(p.sentence)\n" }
        for plan in s.plans {
            out += "  \(plan.segment) → \(plan.strategy): \(plan.objective) (\(plan.channel); KPI: \(plan.kpi))\n"
        }
        return wide ? out + "\n" : TextWrap.wrap(out + "\n")
    }

    /// The holdout comparison behind an automatic model choice: one row per model.
    public static func selectionRows(_ s: ModelSelection) -> [[String]] {
        var rows = [["model", "holdout error per customer", "holdout purchases predicted", "actual", "used"]]
        for c in s.candidates {
            let used = c.model == s.chosen ? "yes" : c.eligible ? "" : "only when named"
            rows.append([c.model, c.holdoutMAE.map { NumberFormat.decimal($0, 3) } ?? "not fitted",
                         c.holdoutPredicted.map { NumberFormat.grouped(Int($0.rounded())) } ?? "-",
                         NumberFormat.grouped(Int(s.holdoutActual.rounded())), used])
        }
        return rows
    }

    /// One row per parameter, the fit's model, customers, log-likelihood and convergence on its first.
    public static func parameterRows(_ fits: [ModelFit]) -> [[String]] {
        var rows = [["model", "customers", "parameter", "value", "std. error", "log-likelihood", "converged"]]
        for fit in fits {
            for (k, name) in fit.parameterNames.enumerated() {
                let error = fit.standardErrors[k]
                rows.append(k == 0
                    ? [fit.model, NumberFormat.grouped(fit.customers), name, NumberFormat.significant(fit.parameters[k]),
                       error.isFinite ? NumberFormat.significant(error) : "-", NumberFormat.decimal(fit.logLikelihood, 2),
                       fit.converged ? "yes (\(fit.iterations) it.)" : "NO (\(fit.iterations) it.)"]
                    : ["", "", name, NumberFormat.significant(fit.parameters[k]), error.isFinite ? NumberFormat.significant(error) : "-", "", ""])
            }
        }
        return rows
    }

    /// One row per fit: model, customers, each parameter with its standard error, log-likelihood.
    public static func fitRows(_ fits: [ModelFit]) -> [[String]] {
        var rows = [["model", "customers", "parameters (± std. error)", "log-likelihood", "converged"]]
        for fit in fits {
            let parameters = zip(fit.parameterNames, zip(fit.parameters, fit.standardErrors)).map { name, value in
                "\(name) \(NumberFormat.significant(value.0))" + (value.1.isFinite ? " ± \(NumberFormat.significant(value.1))" : "")
            }
            rows.append([fit.model, NumberFormat.grouped(fit.customers), parameters.joined(separator: ", "), NumberFormat.decimal(fit.logLikelihood, 2),
                         fit.converged ? "yes (\(fit.iterations) it.)" : "NO (\(fit.iterations) it.)"])
        }
        return rows
    }
}
