import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore

/// The dashboard's first page: every scheme's segments and every custom segment, with size,
/// share of customers, share of revenue and the size in the store's snapshots (a sparkline).
/// The sizes are the live state's; the page's script refreshes them as writes arrive.
struct SegmentsPage {
    var sizes: [LiveSegmentSize]
    var customers: Int
    var revenueCents: Int64
    var hasAmounts: Bool
    var asOf: String
    var version: Int
    /// Sizes in the store's snapshots, by "scheme:segment" (schemes the snapshots keep).
    var history: [String: [Int]]
    var canEdit: Bool
    /// Movement since today's and last week's snapshots.
    var today: DashboardHistory.Comparison?
    var week: DashboardHistory.Comparison?

    /// Alerts: sizes that changed by more than a fifth since last week's snapshot, valuable
    /// segments that lost more than a tenth of their members (as `strata alerts` with its defaults).
    static let alertChange = 0.2, alertValuableLoss = 0.1

    static func key(_ size: LiveSegmentSize) -> String { "\(size.scheme):\(size.label)" }

    /// What changed notably since last week's snapshot, with the valuable customers now at risk.
    func alerts() -> String {
        guard let week else { return "" }
        let movements = SnapshotCustomer.keptSchemes.compactMap { week.movements[$0] }
        let alerts = movements.flatMap { SegmentAlert.alerts($0, threshold: Self.alertChange, valuableLoss: Self.alertValuableLoss) }
        let movers = movements.flatMap(\.movers)
        guard !alerts.isEmpty || !movers.isEmpty else { return "" }
        var out = "<section class=\"alerts\" aria-labelledby=\"alerts-title\"><h2 id=\"alerts-title\">Alerts since \(Timestamp.isoDate(day: week.since / 86_400))</h2><ul>"
        for alert in alerts { out += "<li>\(escape(alert.scheme.rawValue)): \(escape(alert.message))</li>" }
        if !movers.isEmpty {
            let shown = movers.prefix(10).map { "<a href=\"/customers/\(DashboardPage.path($0.customerID))\">\(escape($0.customerID))</a> (\(escape($0.from)) → \(escape($0.to)))" }
            out += "<li>\(Format.count(movers.count)) valuable customers moved to an at-risk segment: \(shown.joined(separator: ", "))\(movers.count > 10 ? ", …" : "")</li>"
        }
        return out + "</ul></section>"
    }

    func render(key: APIKey) -> String {
        var body = """
            <h1>Segments</h1>
            <p class="summary"><span data-customers>\(Format.count(customers))</span> customers · as of \(escape(asOf)) · data version <span data-version-text>\(version)</span></p>
            """
        body += alerts()
        var schemes: [String] = []
        for size in sizes where !schemes.contains(size.scheme) { schemes.append(size.scheme) }
        if !schemes.contains("custom") {
            body += "<section><h2>Custom segments</h2><p class=\"muted\">None yet.\(canEdit ? " <a href=\"/editor\">Write a rule</a>." : "")</p></section>"
        }
        for scheme in schemes {
            body += "<section><h2>\(scheme == "custom" ? "Custom segments" : escape(scheme))</h2>\n"
            body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Segment</th><th scope=\"col\" class=\"n\">Customers</th><th scope=\"col\" class=\"n\">Share</th>"
            body += hasAmounts ? "<th scope=\"col\" class=\"n\">Revenue share</th>" : ""
            let kept = SegmentScheme(rawValue: scheme).map(SnapshotCustomer.keptSchemes.contains) ?? false
            if kept {
                for (title, comparison) in [("Today", today), ("This week", week)] {
                    body += "<th scope=\"col\" class=\"n\">\(title)\(comparison.map { "<br><span class=\"muted\">since \(Timestamp.isoDate(day: $0.since / 86_400))</span>" } ?? "")</th>"
                }
            }
            body += "<th scope=\"col\">Snapshots</th></tr></thead><tbody>\n"
            for size in sizes where size.scheme == scheme {
                let key = Self.key(size)
                let share = customers == 0 ? 0 : Double(size.size) / Double(customers)
                body += "<tr><th scope=\"row\"><a href=\"/segments/\(DashboardPage.path(key))\">\(escape(size.label))</a></th>"
                body += "<td class=\"n\" data-size=\"\(escape(key))\">\(Format.count(size.size))</td>"
                body += "<td class=\"n\" data-share=\"\(escape(key))\">\(DashboardPage.percent(share))</td>"
                if hasAmounts {
                    let revenueShare = revenueCents > 0 ? Double(size.revenueCents) / Double(revenueCents) : 0
                    body += "<td class=\"n\" data-revenue-share=\"\(escape(key))\">\(DashboardPage.percent(revenueShare))</td>"
                }
                if kept, let scheme = SegmentScheme(rawValue: scheme) {
                    for comparison in [today, week] {
                        body += "<td class=\"n\">\(comparison?.flow(scheme, size.label).map { "+\(Format.count($0.entered)) / −\(Format.count($0.left))" } ?? "—")</td>"
                    }
                }
                body += "<td>\(DashboardPage.sparkline(history[key] ?? [], label: "\(size.label) in the snapshots"))</td></tr>\n"
            }
            body += "</tbody></table></div></section>\n"
        }
        return DashboardPage.render(title: "Segments", key: key, version: version, body: body)
    }
}
