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

    static func key(_ size: LiveSegmentSize) -> String { "\(size.scheme):\(size.label)" }

    func render(key: APIKey) -> String {
        var body = """
            <h1>Segments</h1>
            <p class="summary"><span data-customers>\(Format.count(customers))</span> customers · as of \(escape(asOf)) · data version <span data-version-text>\(version)</span></p>
            """
        var schemes: [String] = []
        for size in sizes where !schemes.contains(size.scheme) { schemes.append(size.scheme) }
        if !schemes.contains("custom") {
            body += "<section><h2>Custom segments</h2><p class=\"muted\">None yet.\(canEdit ? " <a href=\"/editor\">Write a rule</a>." : "")</p></section>"
        }
        for scheme in schemes {
            body += "<section><h2>\(scheme == "custom" ? "Custom segments" : escape(scheme))</h2>\n"
            body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Segment</th><th scope=\"col\" class=\"n\">Customers</th><th scope=\"col\" class=\"n\">Share</th>"
            body += hasAmounts ? "<th scope=\"col\" class=\"n\">Revenue share</th>" : ""
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
                body += "<td>\(DashboardPage.sparkline(history[key] ?? [], label: "\(size.label) in the snapshots"))</td></tr>\n"
            }
            body += "</tbody></table></div></section>\n"
        }
        return DashboardPage.render(title: "Segments", key: key, version: version, body: body)
    }
}
