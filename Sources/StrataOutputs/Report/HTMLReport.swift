import Foundation
import StrataCore

/// The self-contained HTML report: inline CSS and SVG, no network, a few lines of inline JS
/// for sorting tables. Every text from the data is escaped.
public enum HTMLReport {
    /// Points drawn in the scatter plot at most; the rest is aggregated in the histograms.
    package static let scatterPoints = 1_500

    public static func render(_ d: ReportData) -> String {
        let s = d.summary
        var body = "<h1>Strata customer report</h1>\n"
        body += "<p class=\"sub\">As of \(escape(s.asOf))\(s.engine.map { ", computed in \(escape($0))" } ?? "")</p>\n"
        body += overview(d)
        for scheme in s.schemes where !scheme.scheme.isBehavioural { body += schemeSection(scheme, d) }
        body += behaviourSection(s.schemes.filter(\.scheme.isBehavioural))
        for (schemes, reason) in s.unavailableByReason {
            body += "<section id=\"\(escape(schemes[0]))\"><p class=\"sub\">No \(escape(schemes.joined(separator: ", "))) segments: \(escape(reason)).</p></section>\n"
        }
        body += distributions(d)
        if let models = s.models { body += modelSection(models, d) }
        if let insights = d.insights { body += insightSection(insights) + planSection(insights) }
        if let history = d.history { body += historySection(history) }
        if !d.attributes.isEmpty { body += attributeSection(d.attributes) }
        if let custom = s.custom { body += customSection(custom) }
        return page(title: "Strata report — \(s.asOf)", body: body)
    }

    package static func overview(_ d: ReportData) -> String {
        let s = d.summary
        let revenue = s.schemes.first?.overall.revenue ?? 0
        let read = s.ingest.reduce(0) { $0 + $1.rowsRead }
        let rejected = s.ingest.reduce(0) { $0 + $1.rejected + $1.duplicates }
        var out = "<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">"
        out += card("Customers", Format.compact(Double(s.customers)), id: "customers", exact: Format.count(s.customers))
        out += card("Revenue", Format.compact(revenue), id: "revenue", exact: NumberFormat.money(revenue))
        out += card("Purchases from", d.firstPurchase ?? "–", id: "first")
        out += card("to", d.lastPurchase ?? "–", id: "last")
        out += card("Rows read", Format.compact(Double(read)), id: "rows-read", exact: Format.count(read))
        out += card("Rejected or duplicate", Format.compact(Double(rejected)), id: "rows-rejected", exact: Format.count(rejected))
        out += "</div>"
        var rows: [[String]] = []
        for file in s.ingest {
            let reasons = file.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \(Format.count($0.value))" }.joined(separator: ", ")
            rows.append([file.file, Format.count(file.rowsRead), Format.count(file.kept), Format.count(file.rejected),
                         Format.count(file.duplicates), reasons])
        }
        out += "<h3>Data quality</h3>" + table(["file", "read", "kept", "rejected", "duplicates", "reasons"], rows, id: "ingest")
        if s.issueCount > 0 {
            out += "<details><summary>First problems (\(Format.count(s.issueCount)) in rejected.csv)</summary><ul>"
            for issue in s.issues.prefix(10) { out += "<li><code>\(escape(issue))</code></li>" }
            out += "</ul></details>"
        }
        return out + "</section>\n"
    }

    package static func schemeSection(_ scheme: SchemeSummary, _ d: ReportData) -> String {
        let name = scheme.scheme.title
        let segments = scheme.segments.filter { $0.size > 0 }
        var out = "<section id=\"\(scheme.scheme.rawValue)\"><h2>\(name)</h2><div class=\"grid\">"
        out += figure("Customers per segment", SVGChart.bars(segments.map { ($0.segment, Double($0.size), "\(Format.count($0.size)) (\(Format.percent($0.share)))") },
                                                                title: "Customers per segment"))
        out += figure("Share of revenue", SVGChart.bars(segments.map { ($0.segment, $0.revenueShare, Format.percent($0.revenueShare)) },
                                                          title: "Share of revenue", color: SVGChart.palette[1]))
        out += "</div>"
        // Each scheme's own figures: before its table, then after it.
        switch scheme.scheme {
        case .rfm: out += rfmGrid(d)
        case .activity, .email, .experience, .lifecycle, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests,
             .status, .shopper:
            break
        }
        var rows: [[String]] = []
        for p in scheme.segments + [scheme.overall] where p.size > 0 {
            rows.append([p.segment, Format.count(p.size), Format.percent(p.share), NumberFormat.money(p.revenue), Format.percent(p.revenueShare),
                         p.mean(.averageOrderValue).map(NumberFormat.money) ?? "–", p.mean(.engagementRate).map(Format.percent) ?? "–",
                         p.mean(.atRiskShare).map(Format.percent) ?? "–"])
        }
        out += table(["segment", "customers", "share", "revenue", "revenue share", "order value", "engagement", "churn risk"], rows,
                     id: "\(scheme.scheme.rawValue)-segments")
        switch scheme.scheme {
        case .rfm, .email, .experience, .lifecycle, .benefits, .usage, .occasion, .daypart, .cycle, .satisfaction, .loyalty, .interests,
             .status, .shopper:
            break
        case .activity:
            let comparison = SummaryRenderer.comparison(scheme)
            out += "<h3>Active vs passive on six indicators</h3>" + table(comparison[0], Array(comparison.dropFirst()), id: "comparison")
            out += engagementScatter(d)
        }
        return out + "</section>\n"
    }

    /// R (rows, 5 at the top) × F (columns) counts, each cell named after the segment most of its
    /// customers are in (their M score decides for the rest), so that the grid adds up to the table.
    package static func rfmGrid(_ d: ReportData) -> String {
        var counts = Array(repeating: Array(repeating: 0.0, count: 5), count: 5)
        var members = Array(repeating: Array(repeating: [String: Int](), count: 5), count: 5)
        for c in d.rScore.indices where (1...5).contains(d.rScore[c]) && c < d.fScore.count && (1...5).contains(d.fScore[c]) && c < d.rfmSegment.count {
            counts[5 - d.rScore[c]][d.fScore[c] - 1] += 1
            members[5 - d.rScore[c]][d.fScore[c] - 1][d.rfmSegment[c], default: 0] += 1
        }
        let majority = members.map { $0.map { $0.max { ($0.value, $1.key) < ($1.value, $0.key) } } }
        let labels = majority.map { $0.map { $0?.key ?? "–" } }
        let details = (0..<5).map { i in (0..<5).map { j -> String in
            guard let top = majority[i][j], counts[i][j] > 0 else { return "0" }
            let share = Double(top.value) / counts[i][j]
            return Format.count(Int(counts[i][j])) + (share < 0.995 ? " · " + NumberFormat.decimal(share * 100, 0) + "%" : "")
        } }
        let chart = SVGChart.heatMap(rows: ["R 5", "R 4", "R 3", "R 2", "R 1"], columns: ["F 1", "F 2", "F 3", "F 4", "F 5"],
                                     values: counts, labels: labels, details: details,
                                     title: "RFM grid", rowTitle: "recency score", columnTitle: "frequency score")
        let outside = d.rScore.indices.filter { !(1...5).contains(d.rScore[$0]) || !(1...5).contains(d.fScore[$0]) }.count
        return figure("Customers by recency score (rows) and frequency score (columns). Each cell names the segment most of its customers "
                      + "are in and, when not all, their share: the monetary score places the others, so the table counts each customer in "
                      + "their own segment." + (outside > 0 ? " Not in the grid: \(Format.count(outside)) customers without a purchase." : ""),
                      chart, single: true)
    }

    package static func engagementScatter(_ d: ReportData) -> String {
        let groups = ActivitySegment.allCases.map(\.rawValue)
        let candidates = d.engagementRate.indices.filter { d.engagementRate[$0].isFinite && d.responseDays[$0].isFinite }
        let step = max(1, candidates.count / scatterPoints)
        let points = stride(from: 0, to: candidates.count, by: step).map { k -> (x: Double, y: Double, group: Int) in
            let c = candidates[k]
            return (d.engagementRate[c], d.responseDays[c], groups.firstIndex(of: d.activitySegment[c]) ?? 0)
        }
        return figure("Engagement vs response time (\(Format.count(points.count)) of \(Format.count(candidates.count)) customers)",
                      SVGChart.scatter(points, groups: groups, title: "Engagement vs response time",
                                       xLabel: "engagement (answered touches)", yLabel: "days to respond"), single: true)
    }

    package static func distributions(_ d: ReportData) -> String {
        var out = "<section id=\"distributions\"><h2>Distributions</h2><div class=\"grid\">"
        out += figure("Days since the last purchase", SVGChart.histogram(d.daysSinceLastPurchase, title: "Recency", xLabel: "days since the last purchase"))
        out += figure("Repeat purchases", SVGChart.histogram(d.repeatPurchases, title: "Frequency", xLabel: "repeat purchase days"))
        out += figure("Average order value", SVGChart.histogram(d.averageOrderValue, title: "Order value", xLabel: "average order value"))
        return out + "</div></section>\n"
    }

    package static func modelSection(_ models: ModelsSummary, _ d: ReportData) -> String {
        var out = "<section id=\"models\"><h2>Lifetime models</h2>"
        let rows = SummaryRenderer.fitRows([models.purchase] + (models.spend.map { [$0] } ?? []))
        out += table(rows[0], Array(rows.dropFirst()), id: "fits")
        if let selection = models.selection {
            out += "<p>Purchase model: \(escape(selection.reason)).</p>"
            if !selection.candidates.isEmpty {
                let rows = SummaryRenderer.selectionRows(selection)
                out += table(rows[0], Array(rows.dropFirst()), id: "model-choice")
            }
        }
        out += "<div class=\"grid\">"
        out += figure("P(alive)", SVGChart.histogram(d.pAlive, bins: 20, title: "P(alive)", xLabel: "probability the customer is still active"))
        out += figure("Expected purchases in the next \(Format.number(models.horizonDays)) days",
                      SVGChart.histogram(d.expectedPurchases, bins: 25, title: "Expected purchases", xLabel: "expected purchase days"))
        if !d.clv.isEmpty {
            var total: [String: (Double, Int)] = [:]
            for c in d.clv.indices where d.clv[c].isFinite { total[d.rfmSegment[c], default: (0, 0)].0 += d.clv[c]; total[d.rfmSegment[c], default: (0, 0)].1 += 1 }
            let items = RFMSegment.allCases.map(\.rawValue).compactMap { name -> (String, Double, String)? in
                guard let (sum, n) = total[name], n > 0 else { return nil }
                return (name, sum / Double(n), NumberFormat.money(sum / Double(n)))
            }
            out += figure("Average CLV by RFM segment (next \(Format.number(models.horizonDays)) days)",
                          SVGChart.bars(items, title: "CLV by segment", color: SVGChart.palette[3]))
        }
        if let periods = models.periodTransactions { out += ModelCheckFigures.periodTransactions(periods, period: "to \(d.summary.asOf.prefix(10))") }
        out += "</div>" + frequencyRecencyMatrix(d, horizon: models.horizonDays)
        if let matrix = models.pAliveMatrix { out += ModelCheckFigures.pAlive(matrix, unit: "days") }
        if let h = d.holdout {
            out += "<h3>Checked on a period the model did not see</h3><div class=\"grid\">" + ModelCheckFigures.holdout(h, modelFigures: false) + "</div>"
        }
        return out + "</section>\n"
    }

    /// Mean expected purchases by repeat purchases (rows) and days since the last purchase (columns).
    package static func frequencyRecencyMatrix(_ d: ReportData, horizon: Double) -> String {
        guard !d.expectedPurchases.isEmpty else { return "" }
        let rows = ["10+", "5–9", "3–4", "2", "1", "0"], columns = ["0–30", "31–90", "91–180", "181–365", "366+"]
        func row(_ x: Double) -> Int { x >= 10 ? 0 : x >= 5 ? 1 : x >= 3 ? 2 : x >= 2 ? 3 : x >= 1 ? 4 : 5 }
        func column(_ days: Double) -> Int { days <= 30 ? 0 : days <= 90 ? 1 : days <= 180 ? 2 : days <= 365 ? 3 : 4 }
        var sum = Array(repeating: Array(repeating: 0.0, count: 5), count: 6)
        var count = sum
        for c in d.expectedPurchases.indices where d.expectedPurchases[c].isFinite && d.repeatPurchases[c].isFinite && d.daysSinceLastPurchase[c].isFinite {
            let i = row(d.repeatPurchases[c]), j = column(d.daysSinceLastPurchase[c])
            sum[i][j] += d.expectedPurchases[c]
            count[i][j] += 1
        }
        let means = (0..<6).map { i in (0..<5).map { j in count[i][j] > 0 ? sum[i][j] / count[i][j] : 0 } }
        let labels = (0..<6).map { i in (0..<5).map { j in count[i][j] > 0 ? NumberFormat.decimal(means[i][j], 2) : "–" } }
        let details = count.map { $0.map { "n = " + Format.count(Int($0)) } }
        let chart = SVGChart.heatMap(rows: rows, columns: columns, values: means, labels: labels, details: details,
                                     title: "Expected purchases by frequency and recency", rowTitle: "repeat purchases",
                                     columnTitle: "days since the last purchase")
        return figure("Expected purchases in the next \(Format.number(horizon)) days, by repeat purchases and days since the last purchase (mean per cell)",
                      chart, single: true)
    }

    /// The strongest findings of each segment (insights.json has them all).
    package static func insightSection(_ insights: SegmentInsights) -> String {
        var out = "<section id=\"insights\"><h2>What each segment shares</h2>"
        out += "<p class=\"sub\">Against the rest of the base; significant after correction for multiple tests.</p><div class=\"grid\">"
        for scheme in insights.schemes {
            for segment in scheme.segments where !segment.findings.isEmpty {
                out += "<div class=\"card insight\"><div class=\"card-label\">\(escape(scheme.scheme.description))</div><h3>\(escape(segment.segment))</h3><ul>"
                for finding in segment.findings.prefix(4) { out += "<li>\(escape(finding.sentence))</li>" }
                out += "</ul></div>"
            }
        }
        out += "</div>"
        if let d = insights.diagnostics {
            out += "<h3>Why the \(escape(d.segment)) disengage</h3>"
            out += table(["cause", "holds", "evidence"], d.causes.map { [$0.cause, $0.holds ? "yes" : "no", $0.evidence] }, id: "diagnostics")
        }
        return out + "</section>\n"
    }

    /// Per scheme: the priority ranking (chart and table) and a card per segment plan.
    package static func planSection(_ insights: SegmentInsights) -> String {
        let w = insights.weights.normalised
        var out = "<section id=\"plans\"><h2>Priorities and plans</h2><p class=\"sub\">Score = "
        out += "\(Format.number(w.value)) × value share + \(Format.number(w.potential)) × potential share + \(Format.number(w.size)) × size share; "
        out += "plans from the playbook, worded with each segment's habits.</p>"
        for scheme in insights.schemes where !scheme.plans.isEmpty {
            let ranked = scheme.priorities.filter { $0.rank != nil }
            out += "<h3>\(escape(scheme.scheme.title))</h3>"
            out += figure("Share of the value now and of the potential uplift, by priority",
                          SVGChart.pairedBars(ranked.map { short($0.segment) }, ranked.map(\.valueShare), ranked.map(\.potentialShare),
                                              names: ("value now", "potential"), title: "Value and potential by segment",
                                              xLabel: "segment, by priority", yLabel: "share"))
            out += table(["segment", "rank", "customers", "score", "value share", "potential share", "next-better segment"], scheme.priorities.map {
                [$0.segment, $0.rank.map(String.init) ?? "too small", Format.count($0.size), NumberFormat.decimal($0.score, 3),
                 Format.percent($0.valueShare), Format.percent($0.potentialShare), $0.nextBetter ?? "–"]
            }, id: "priorities-\(scheme.scheme)")
            out += "<div class=\"grid\">"
            for plan in scheme.plans {
                out += "<div class=\"card plan\"><div class=\"card-label\">\(plan.rank.map { "#\($0) · " } ?? "")\(escape(plan.strategy))</div>"
                out += "<h3>\(escape(plan.segment))</h3><dl>"
                for (label, text) in PlanRenderer.fields(plan) { out += "<dt>\(escape(label))</dt><dd>\(escape(text))</dd>" }
                out += "</dl>"
                if !plan.steps.isEmpty { out += "<p>For the causes found:</p><ul>" + plan.steps.map { "<li>\(escape($0))</li>" }.joined() + "</ul>" }
                if !plan.evidence.isEmpty { out += "<p>Why:</p><ul>" + plan.evidence.map { "<li>\(escape($0))</li>" }.joined() + "</ul>" }
                out += "</div>"
            }
            out += "</div>"
        }
        return out + "</section>\n"
    }

    /// Segment sizes over the stored snapshots and the from → to flow between the last two.
    package static func historySection(_ h: SnapshotHistory) -> String {
        var out = "<section id=\"movement\"><h2>Movement over time</h2>"
        for scheme in SegmentScheme.allCases {
            guard let (segments, sizes) = h.sizes[scheme], let m = h.movements[scheme] else { continue }
            let title = scheme.shortTitle
            let used = segments.indices.filter { sizes[$0].contains { $0 > 0 } }
            out += "<h3>\(title) segments at each snapshot</h3>"
            out += table(["segment"] + h.dates, used.map { i in [segments[i]] + sizes[i].map(Format.count) }, id: "history-\(scheme.rawValue)")
            let flowRows = m.segments.indices.filter { m.sizesBefore[$0] > 0 }
            let flowColumns = m.segments.indices.filter { m.sizesAfter[$0] > 0 }
            let values = flowRows.map { i in flowColumns.map { j in Double(m.matrix[i][j]) } }
            let chart = SVGChart.heatMap(
                rows: flowRows.map { m.segments[$0] }, columns: flowColumns.map { short(m.segments[$0]) }, values: values,
                labels: flowRows.map { i in flowColumns.map { j in i == j ? "stayed" : "→ " + short(m.segments[j]) } },
                details: values.map { $0.map { Format.count(Int($0)) } },
                title: "\(title) flow", rowTitle: "from (\(h.dates[h.dates.count - 2]))", columnTitle: "to (\(h.dates[h.dates.count - 1]))")
            out += figure("\(title): customers from each segment (rows) to each segment (columns); \(Format.count(m.movers.count)) moved from valuable to at-risk segments",
                          chart, single: flowColumns.count <= 6)
        }
        return out + "</section>\n"
    }

    /// A segment name short enough for a heat-map column.
    package static func short(_ name: String) -> String { name.count <= 13 ? name : String(name.prefix(12)) + "…" }

    /// The most common values of each customer attribute.
    package static func attributeSection(_ attributes: [ReportData.Attribute]) -> String {
        var out = "<section id=\"attributes\"><h2>Customer attributes</h2><div class=\"grid\">"
        for attribute in attributes {
            let total = max(1, attribute.values.reduce(0) { $0 + $1.count })
            out += figure("\(attribute.name): most common values", SVGChart.bars(attribute.values.map {
                ($0.value, Double($0.count), "\(Format.count($0.count)) (\(Format.percent(Double($0.count) / Double(total))))")
            }, title: attribute.name, color: SVGChart.palette[2]))
        }
        return out + "</div></section>\n"
    }

    package static func customSection(_ custom: CustomSegmentsSummary) -> String {
        var out = "<section id=\"custom\"><h2>Custom segments</h2><div class=\"grid\">"
        out += figure("Customers per custom segment", SVGChart.bars(custom.segments.map { ($0.name, Double($0.size), "\(Format.count($0.size)) (\(Format.percent($0.share)))") },
                                                                     title: "Custom segments", color: SVGChart.palette[4]))
        for group in custom.groups {
            out += figure("Group \(group.name)", SVGChart.bars(group.labels.map { ($0.name.isEmpty ? "(none)" : $0.name, Double($0.size), "\(Format.count($0.size)) (\(Format.percent($0.share)))") },
                                                              title: "Group \(group.name)", color: SVGChart.palette[5]))
        }
        return out + "</div></section>\n"
    }

    // MARK: - Building blocks

    package static func card(_ label: String, _ value: String, id: String, exact: String? = nil) -> String {
        "<div class=\"card\" id=\"card-\(id)\"\(exact.map { " title=\"\(escape($0))\"" } ?? "")><div class=\"card-value\">\(escape(value))</div><div class=\"card-label\">\(escape(label))</div></div>"
    }

    package static func figure(_ caption: String, _ svg: String, single: Bool = false) -> String {
        "<figure\(single ? " class=\"single\"" : "")>\(svg)<figcaption>\(escape(caption))</figcaption></figure>"
    }

    package static func table(_ header: [String], _ rows: [[String]], id: String) -> String {
        var out = "<div class=\"table\"><table class=\"sortable\" id=\"\(escape(id))\"><thead><tr>"
        for h in header { out += "<th>\(escape(h))</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>" + row.enumerated().map { i, cell in i == 0 ? "<td>\(escape(cell))</td>" : "<td class=\"n\">\(escape(cell))</td>" }.joined() + "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    package static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1240px;padding:16px;color:#1b1b1b;background:#fff}
        h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:1.6em}.sub{color:#555;margin-top:0}
        .cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:130px}
        .card,p,li,figcaption,summary,h3{overflow-wrap:anywhere}
        .card-value{font-size:1.5em;font-weight:600}.plan dl{margin:.3em 0}.plan dt{font-weight:600;font-size:.9em}.plan dd{margin:0 0 .3em 0}.insight h3{margin:.2em 0}.insight ul{margin:.3em 0;padding-left:1.2em}.card-label{color:#555;font-size:.9em}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(320px,100%),1fr));gap:12px}.grid>*{min-width:0}
        figure{margin:8px 0;border:1px solid #eee;border-radius:8px;padding:8px}figure.single{max-width:760px}.grid figure.single{grid-column:1/-1}figcaption{color:#444;font-size:.9em;margin-top:4px}
        figure{overflow-x:auto}svg.chart{width:100%;height:auto;display:block}svg text{font-size:\(NumberFormat.decimal(SVGChart.fontSize, 0))px;fill:#222}
        svg .tick{fill:#444}svg .value{fill:#333}svg .cell{fill:#111}svg .cell.dark{fill:#fff}
        .table{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}
        th{background:#f4f6f8;cursor:pointer}td.n{text-align:right;font-variant-numeric:tabular-nums}
        @media (max-width:600px){body{padding:8px;font-size:14px}.card{min-width:44%}}
        </style></head>
        <body>
        \(body)
        <script>
        document.querySelectorAll("table.sortable").forEach(function (table) {
          table.querySelectorAll("th").forEach(function (th, column) {
            th.addEventListener("click", function () {
              var rows = Array.from(table.tBodies[0].rows);
              var down = th.dataset.order !== "desc";
              var key = function (row) { var t = row.cells[column].textContent.replace(/[,%]/g, ""); var n = parseFloat(t); return isNaN(n) ? t : n; };
              rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (down ? -1 : 1); });
              th.dataset.order = down ? "desc" : "asc";
              rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
            });
          });
        });
        document.body.setAttribute("data-ready", "1");
        </script>
        </body></html>

        """
    }
}
