import StrataCore

extension HTMLReport {
    /// The behavioural schemes in one section: a bar chart of each scheme's segments (share of
    /// customers) with its table folded under it, the lifecycle flow from each stage to the stage
    /// its customers are moving toward, and the loyalty tiers' floors.
    package static func behaviourSection(_ schemes: [SchemeSummary]) -> String {
        guard !schemes.isEmpty else { return "" }
        var out = "<section id=\"schemes\"><h2>Behavioural schemes</h2>"
        out += "<p class=\"sub\">Each scheme splits every customer once; <code>not-enough-data</code> holds those whose history is "
            + "too short to judge (docs/features.md has each scheme's rules).</p><div class=\"grid\">"
        for scheme in schemes {
            let used = scheme.segments.filter { $0.size > 0 || scheme.scheme.listsEmptySegments }
            out += figure(scheme.scheme.shortTitle, SVGChart.bars(used.map { ($0.segment, $0.share, "\(Format.percent($0.share)) · \(Format.percent($0.revenueShare)) of revenue") },
                                                                    title: scheme.scheme.shortTitle))
        }
        out += "</div>"
        for scheme in schemes {
            let rows = (scheme.segments + [scheme.overall]).filter { $0.size > 0 }.map { p in
                [p.segment, Format.count(p.size), Format.percent(p.share), NumberFormat.money(p.revenue), Format.percent(p.revenueShare),
                 p.mean(.averageOrderValue).map(NumberFormat.money) ?? "–", p.mean(.atRiskShare).map(Format.percent) ?? "–"]
            }
            out += "<details><summary>\(escape(scheme.scheme.shortTitle)): the table</summary>"
            out += table(["segment", "customers", "share", "revenue", "revenue share", "order value", "churn risk"], rows, id: "\(scheme.scheme.rawValue)-segments")
            out += "</details>"
            if let flow = scheme.movingToward { out += lifecycleFlow(scheme, flow) }
            if let floors = scheme.floors, !floors.isEmpty {
                let basis = scheme.rankedBy == "clv" ? "CLV" : "revenue"
                let text = floors.sorted { $0.value > $1.value }.map { "\($0.key) from \(NumberFormat.money($0.value))" }.joined(separator: ", ")
                out += "<p>Loyalty tiers rank buyers by \(basis): \(escape(text)).</p>"
            }
        }
        return out + "</section>\n"
    }

    /// Customers by lifecycle stage now (rows) and the stage they are moving toward in 30 days without a purchase (columns).
    package static func lifecycleFlow(_ scheme: SchemeSummary, _ flow: [[Int]]) -> String {
        let names = scheme.segments.map(\.segment)
        let rows = names.indices.filter { flow[$0].reduce(0, +) > 0 }
        let columns = names.indices.filter { j in flow.contains { $0[j] > 0 } }
        guard !rows.isEmpty, !columns.isEmpty else { return "" }
        let values = rows.map { i in columns.map { j in Double(flow[i][j]) } }
        let chart = SVGChart.heatMap(rows: rows.map { names[$0] }, columns: columns.map { names[$0] }, values: values,
                                     labels: rows.map { i in columns.map { j in i == j ? "stays" : "→ " + names[j] } },
                                     details: values.map { $0.map { Format.count(Int($0)) } },
                                     title: "Lifecycle flow", rowTitle: "stage now", columnTitle: "moving toward")
        return figure("Customers by lifecycle stage now (rows) and the stage they are moving toward if they buy nothing (columns): "
                      + "the most likely stage at the end of the lifecycle horizon.", chart, single: true)
    }
}
