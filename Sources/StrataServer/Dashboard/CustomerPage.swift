import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore

/// One customer: the model's predictions, their segment in every scheme with why, the custom
/// segments they are in with each rule's trace, every feature, and their latest orders and
/// events.
struct CustomerPage {
    var id: String
    var analysis: Analysis
    var index: Int
    var builtInExplanation: String
    var customTrace: String?
    var version: Int

    /// The model outputs shown first, in this order (when the model was fitted).
    static let predictions = ["p_alive", "churn_risk", "expected_purchases", "next_order_date", "expected_aov", "clv"]
    static let recentRows = 20

    static func text(_ value: FeatureValue) -> String {
        switch value {
        case .missing: return "—"
        case let .int(v): return Format.count(Int(v))
        case let .cents(v): return NumberFormat.decimal(Double(v) / 100, 2)
        case let .decimal(v): return v.isFinite ? NumberFormat.decimal(v, 4) : "—"
        case let .text(v): return v
        case let .day(v): return Timestamp.isoDate(day: v)
        case let .flag(v): return v ? "yes" : "no"
        }
    }

    func render(key: APIKey) -> String {
        let a = analysis, c = index
        let record = CustomerTableWriter.record(c, a.dataset.customers, a.segmentation, lifetime: a.lifetime, custom: a.custom)
        var body = "<p class=\"crumbs\"><a href=\"/\">Segments</a> › customer</p><h1>\(escape(id))</h1>"
        let predicted = record.filter { field in Self.predictions.contains { field.name.hasPrefix($0) } }
        body += "<section><h2>Predictions</h2>"
        if predicted.isEmpty {
            body += "<p class=\"muted\">No purchase model was fitted in this analysis.</p>"
        } else {
            body += "<dl class=\"figures\">" + predicted.map { "<div><dt>\(escape($0.name))</dt><dd>\(escape(Self.text($0.value)))</dd></div>" }.joined() + "</dl>"
        }
        body += "</section><section><h2>Segments</h2><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Scheme</th><th scope=\"col\">Segment</th></tr></thead><tbody>"
        for scheme in a.segmentation.schemes {
            let label = a.segmentation.segment(scheme, c)
            body += "<tr><th scope=\"row\">\(escape(scheme.rawValue))</th><td><a href=\"/segments/\(DashboardPage.path("\(scheme.rawValue):\(label)"))\">\(escape(label))</a></td></tr>"
        }
        if let custom = a.custom {
            for (k, name) in custom.segmentNames.enumerated() where custom.members[k][c] {
                body += "<tr><th scope=\"row\">custom</th><td><a href=\"/segments/\(DashboardPage.path("custom:\(name)"))\">\(escape(name))</a></td></tr>"
            }
        }
        body += "</tbody></table></div>"
        body += "<details open><summary>Why, for the built-in schemes</summary><pre class=\"explain\">\(escape(builtInExplanation))</pre></details>"
        if let customTrace { body += "<details><summary>Each custom segment's rule, traced</summary><pre class=\"explain\">\(escape(customTrace))</pre></details>" }
        body += "</section>"
        body += "<section><h2>Latest orders</h2>" + orders() + "</section>"
        body += "<section><h2>Latest events</h2>" + events() + "</section>"
        body += "<section><h2>Every feature</h2><div class=\"scroll\"><table class=\"fields\"><tbody>"
        for field in record { body += "<tr><th scope=\"row\">\(escape(field.name))</th><td>\(escape(Self.text(field.value)))</td></tr>" }
        body += "</tbody></table></div></section>"
        return DashboardPage.render(title: id, key: key, version: version, body: body)
    }

    func orders() -> String {
        let o = analysis.dataset.orders
        return latest("orders", o.customer, o.timestamp, header: ["Amount", "Category"]) { r in
            [o.hasAmounts ? NumberFormat.decimal(Double(o.amountCents[r]) / 100, 2) : "—", o.category[r] >= 0 ? o.categories[Int(o.category[r])] : "—"]
        }
    }

    func events() -> String {
        let e = analysis.dataset.events
        return latest("events", e.customer, e.timestamp, header: ["Type", "Channel"]) { r in
            [e.types[Int(e.type[r])], e.channel[r] >= 0 ? e.channels[Int(e.channel[r])] : "—"]
        }
    }

    /// This customer's latest rows of a table, newest first: their time and `cells`.
    func latest(_ what: String, _ customer: [Int32], _ timestamps: [Int64], header: [String], cells: (Int) -> [String]) -> String {
        let rows = customer.indices.filter { customer[$0] == Int32(index) }.sorted { timestamps[$0] > timestamps[$1] }
        guard !rows.isEmpty else { return "<p class=\"muted\">No \(what).</p>" }
        var out = "<p class=\"muted\">\(Format.count(rows.count)) in all.</p><div class=\"scroll\"><table><thead><tr><th scope=\"col\">Time (UTC)</th>"
        out += header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows.prefix(Self.recentRows) {
            out += "<tr><td>\(Timestamp.isoDateTime(timestamps[r]))</td>" + cells(r).map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }
        return out + "</tbody></table></div>"
    }
}
