import Foundation
import StrataOutputs
import StrataStore

/// The frame every dashboard page shares: head, navigation with the signed-in key, and the body.
/// Every piece of data goes through ``escape(_:)`` (customer attributes, ids and segment names
/// are untrusted); the only markup is this file's and the pages'.
enum DashboardPage {
    /// A page saying what went wrong (an unknown customer, no analysis yet); `retry`: it loads
    /// itself again after two seconds.
    static func problem(_ status: Int, _ message: String, key: APIKey, retry: Bool) -> String {
        render(title: "Not available", key: key, refresh: retry ? 2 : nil,
               body: "<h1>\(status == 404 ? "Not found" : "Not available")</h1><p class=\"error\" role=\"alert\">\(escape(message))</p>"
                   + (retry ? "<p class=\"muted\">This page looks again every two seconds.</p>" : "<p><a href=\"/\">Back to the segments</a></p>"))
    }

    static func render(title: String, key: APIKey?, version: Int? = nil, refresh: Int? = nil, body: String) -> String {
        var nav = ""
        if let key {
            nav = """
                <nav aria-label="Main">
                <a href="/">Segments</a>
                <a href="/editor">Rule editor</a>
                <form class="lookup" action="/customers" method="get" role="search"><label for="lookup-id">Customer</label><input id="lookup-id" name="id" placeholder="customer id" required><button>Open</button></form>
                <form class="logout" action="/logout" method="post"><span class="who">\(escape(key.name)) · \(escape(key.scopes.map(\.rawValue).sorted().joined(separator: ", ")))</span><button>Sign out</button></form>
                </nav>
                """
        }
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Strata</title>
            <link rel="icon" href="data:,">\(refresh.map { "\n<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
            <link rel="stylesheet" href="/assets/dashboard.css">
            <script src="/assets/dashboard.js" defer></script>
            </head>
            <body\(version.map { " data-version=\"\($0)\"" } ?? "")>
            <header><a class="brand" href="/">Strata</a>\(nav)</header>
            <main>
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// A percentage for a share in 0…1.
    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// Money from cents, with thousands separators.
    static func money(_ cents: Int64) -> String { Format.count(Int(cents / 100)) }

    /// A size series as a small line (no axes), for a table cell.
    static func sparkline(_ values: [Int], label: String) -> String {
        guard values.count >= 2, let high = values.max(), let low = values.min() else { return "<span class=\"muted\">—</span>" }
        let width = 96.0, height = 22.0, span = Double(max(1, high - low))
        let points = values.enumerated().map { i, v in
            String(format: "%.1f,%.1f", Double(i) / Double(values.count - 1) * width, height - 2 - Double(v - low) / span * (height - 4))
        }
        return "<svg class=\"spark\" width=\"96\" height=\"22\" viewBox=\"0 0 96 22\" role=\"img\" aria-label=\"\(escape(label))\"><polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\"/></svg>"
    }

    /// A path segment for a URL: percent-encoded.
    static func path(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
