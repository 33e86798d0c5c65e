import StrataCore
/// The report as Markdown, for people who prefer text: the same tables as the HTML report.
public enum MarkdownReport {
    public static func render(_ d: ReportData) -> String {
        let s = d.summary
        var out = "# Strata customer report\n\nAs of \(s.asOf)\(s.engine.map { ", computed in \($0)" } ?? ""). \(Format.count(s.customers)) customers"
        if let first = d.firstPurchase, let last = d.lastPurchase { out += ", purchases from \(first) to \(last)" }
        out += ".\n\n## Data quality\n\n"
        out += table(["file", "read", "kept", "rejected", "duplicates"], s.ingest.map {
            [$0.file, Format.count($0.rowsRead), Format.count($0.kept), Format.count($0.rejected), Format.count($0.duplicates)]
        })
        for scheme in s.schemes {
            out += "\n## \(scheme.scheme.isBehavioural ? "Behavioural scheme: " + scheme.scheme.shortTitle : scheme.scheme.title)\n\n"
            out += table(["segment", "customers", "share", "revenue", "revenue share"], (scheme.segments + [scheme.overall]).filter { $0.size > 0 }.map {
                [$0.segment, Format.count($0.size), Format.percent($0.share), NumberFormat.money($0.revenue), Format.percent($0.revenueShare)]
            })
            switch scheme.scheme {
            case .rfm, .email, .experience, .lifecycle, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests,
                 .status, .shopper:
                break
            case .activity:
                let comparison = SummaryRenderer.comparison(scheme)
                out += "\n### Active vs passive\n\n" + table(comparison[0], Array(comparison.dropFirst()))
            }
        }
        if let models = s.models {
            let rows = SummaryRenderer.fitRows([models.purchase] + (models.spend.map { [$0] } ?? []))
            out += "\n## Lifetime models (days)\n\n" + table(rows[0], Array(rows.dropFirst()))
        }
        let primary = SegmentScheme.primary(of: s.schemes.map(\.scheme))
        if let ranked = d.insights?.schemes.first(where: { $0.scheme == .builtIn(primary) }) {
            out += "\n## Priorities and plans: \(primary.title.lowercased())\n\n" + PlanRenderer.ranking(ranked.priorities)
            for plan in ranked.plans { out += "\n" + PlanRenderer.card(plan) }
        }
        for (schemes, reason) in s.unavailableByReason {
            out += "\n_No \(schemes.joined(separator: ", ")) segments: \(reason)._\n"
        }
        if let custom = s.custom {
            out += "\n## Custom segments\n\n" + table(["segment", "customers", "share"], custom.segments.map {
                [$0.name, Format.count($0.size), Format.percent($0.share)]
            })
            for group in custom.groups {
                out += "\n### Group \(group.name)\n\n" + table(["label", "customers", "share"], group.labels.map {
                    [$0.name.isEmpty ? "(none)" : $0.name, Format.count($0.size), Format.percent($0.share)]
                })
            }
        }
        return out
    }

    /// A Markdown table; `|` in cells is escaped.
    package static func table(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return line(header) + line(header.map { _ in "---" }) + rows.map(line).joined()
    }
}
