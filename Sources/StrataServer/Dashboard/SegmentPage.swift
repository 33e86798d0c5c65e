import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore

/// One segment: its size and shares now, its size in the store's snapshots, a custom segment's
/// rule, and its members, a page at a time, with an export of all of them as CSV.
struct SegmentPage {
    var name: String
    var segment: LiveSegment
    var customers: Int
    var revenueCents: Int64?
    var history: [(date: String, size: Int)]
    /// A custom segment's rule text.
    var rule: String?
    /// This page's members with a few of their features (``columns``), and whether there are more.
    var members: [(id: String, values: [String])]
    var columns: [String]
    var page: Int
    var hasNext: Bool
    var canEdit: Bool
    var version: Int
    /// Movement since last week's snapshot (schemes the snapshots keep).
    var week: DashboardHistory.Comparison?
    /// From the last analysis of the whole store's insights: what members share against the
    /// rest of the base, and the segment's plan.
    var profile: [String] = []
    var plan: ActionPlan?

    static let pageSize = 50
    /// The features shown beside each member, when the analysis has them.
    static let memberColumns = ["orders", "revenue", "last_purchase", "recency_days", "engagement_rate", "p_alive", "clv"]

    func insight() -> String {
        var out = "<section><h2>What members share</h2>"
        out += profile.isEmpty ? "<p class=\"muted\">Nothing sets them apart significantly from the rest of the base (or the analysis has no insights for this segment).</p>"
            : "<ul>" + profile.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        out += "</section>"
        guard let plan else { return out }
        out += "<section class=\"plan\"><h2>Plan\(plan.rank.map { " · priority #\($0)" } ?? "")</h2><p><strong>\(escape(plan.strategy))</strong></p><dl>"
        for (label, text) in PlanRenderer.fields(plan) { out += "<dt>\(escape(label))</dt><dd>\(escape(text))</dd>" }
        out += "</dl>"
        if !plan.steps.isEmpty { out += "<p>For the causes found:</p><ul>" + plan.steps.map { "<li>\(escape($0))</li>" }.joined() + "</ul>" }
        return out + "</section>"
    }

    /// Where the members who came since last week's snapshot were then, and where those who left are now.
    func movement() -> String {
        guard let week, let scheme = SegmentScheme(rawValue: segment.scheme), let m = week.movements[scheme],
              let k = m.segments.firstIndex(of: segment.label) else { return "" }
        var into = m.segments.indices.filter { $0 != k && m.matrix[$0][k] > 0 }.map { (m.segments[$0], m.matrix[$0][k]) }
        var out = m.segments.indices.filter { $0 != k && m.matrix[k][$0] > 0 }.map { (m.segments[$0], m.matrix[k][$0]) }
        if m.entered[k] > 0 { into.append(("new customers", m.entered[k])) }
        if m.left[k] > 0 { out.append(("gone (erased)", m.left[k])) }
        func list(_ flows: [(String, Int)]) -> String {
            flows.isEmpty ? "<p class=\"muted\">None.</p>"
                : "<ul>" + flows.sorted { $0.1 > $1.1 }.map { "<li>\(escape($0.0)): \(Format.count($0.1))</li>" }.joined() + "</ul>"
        }
        return "<section><h2>Movement since \(Timestamp.isoDate(day: week.since / 86_400))</h2><div class=\"flows\"><div><h3>Came from</h3>\(list(into))</div>"
            + "<div><h3>Went to</h3>\(list(out))</div></div><p class=\"muted\">\(Format.count(m.matrix[k][k])) stayed.</p></section>"
    }

    func render(key: APIKey) -> String {
        let size = segment.count
        let path = DashboardPage.path(name)
        var body = "<p class=\"crumbs\"><a href=\"/\">Segments</a> › \(escape(segment.scheme))</p>"
        body += "<h1>\(escape(segment.label))</h1>"
        body += "<dl class=\"figures\"><div><dt>Customers</dt><dd data-size=\"\(escape(name))\">\(Format.count(size))</dd></div>"
        body += "<div><dt>Share</dt><dd>\(DashboardPage.percent(customers == 0 ? 0 : Double(size) / Double(customers)))</dd></div>"
        if let revenueCents {
            body += "<div><dt>Revenue</dt><dd>\(DashboardPage.money(segment.revenueCents))</dd></div>"
            body += "<div><dt>Revenue share</dt><dd>\(DashboardPage.percent(revenueCents > 0 ? Double(segment.revenueCents) / Double(revenueCents) : 0))</dd></div>"
        }
        body += "</dl>"
        if let rule {
            body += "<section><h2>Rule</h2><pre class=\"rule\">\(escape(rule))</pre>"
            if canEdit { body += "<p><a href=\"/editor?name=\(DashboardPage.path(segment.label))\">Edit this rule</a></p>" }
            body += "</section>"
        }
        body += "<section><h2>Size in the snapshots</h2>"
        if history.count >= 2 {
            body += "<figure>" + SVGChart.lines(dates: history.map(\.date), series: [(name: segment.label, values: history.map { Double($0.size) }, color: SVGChart.palette[0])],
                                                  marker: nil, title: "Customers in \(segment.label)", xLabel: "snapshot", yLabel: "customers") + "</figure>"
        } else {
            body += "<p class=\"muted\">Sizes over time come from the store's snapshots (<code>strata snapshot</code>); \(history.isEmpty ? "there are none for this segment yet" : "there is one so far").</p>"
        }
        body += "</section>"
        body += insight()
        body += movement()
        body += "<section><h2>Members</h2><p><a class=\"button\" href=\"/segments/\(path)/export.csv\" download>Export all as CSV</a></p>"
        if members.isEmpty {
            body += "<p class=\"muted\">No members on this page.</p>"
        } else {
            body += "<p class=\"muted\">\(Format.count(page * Self.pageSize + 1))–\(Format.count(page * Self.pageSize + members.count)) of \(Format.count(size)).</p>"
            body += "<div class=\"scroll\"><table class=\"members\"><thead><tr><th scope=\"col\">Customer</th>"
            body += columns.map { "<th scope=\"col\" class=\"n\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            for member in members {
                body += "<tr><th scope=\"row\"><a href=\"/customers/\(DashboardPage.path(member.id))\">\(escape(member.id))</a></th>"
                body += member.values.map { "<td class=\"n\">\(escape($0))</td>" }.joined() + "</tr>"
            }
            body += "</tbody></table></div>"
        }
        body += "<nav class=\"pages\" aria-label=\"Member pages\">"
        if page > 0 { body += "<a href=\"/segments/\(path)?page=\(page - 1)\" rel=\"prev\">Previous</a>" }
        if hasNext { body += "<a href=\"/segments/\(path)?page=\(page + 1)\" rel=\"next\">Next</a>" }
        body += "</nav></section>"
        return DashboardPage.render(title: segment.label, key: key, version: version, body: body)
    }
}
