import StrataOutputs
import StrataStore

/// The rule editor: a segment's name and rule. The page's script sends the rule to
/// `POST /v1/segments/preview` after a short pause and shows each problem at its line and column,
/// or how many customers match and a sample; Save sends it to `PUT /v1/segments/{name}`.
struct EditorPage {
    var name: String
    var rule: String
    /// Names of the custom segments saved, for picking one to edit.
    var saved: [String]
    var canSave: Bool
    var version: Int

    func render(key: APIKey) -> String {
        var body = "<h1>Rule editor</h1>"
        if !saved.isEmpty {
            body += "<p class=\"saved\">Edit: " + saved.map { "<a href=\"/editor?name=\(DashboardPage.path($0))\">\(escape($0))</a>" }.joined(separator: " · ") + "</p>"
        }
        body += """
            <form id="editor" class="editor" data-can-save="\(canSave)">
            <label for="segment-name">Segment name</label>
            <input id="segment-name" name="name" value="\(escape(name))" required autocomplete="off" spellcheck="false">
            <label for="rule">Rule</label>
            <textarea id="rule" name="rule" rows="8" spellcheck="false" aria-describedby="rule-help rule-status">\(escape(rule))</textarea>
            <p id="rule-help" class="muted">For example <code>orders &gt;= 2 and recency_days &lt;= 90</code>. The rule is checked as you type; fields and functions are listed in docs/rules.md.</p>
            <div id="rule-status" class="status" role="status" aria-live="polite"></div>
            <ol id="rule-problems" class="problems"></ol>
            <div id="rule-sample" class="sample"></div>
            <p><button id="save" type="submit"\(canSave ? "" : " disabled")>Save segment</button>\(canSave ? "" : " <span class=\"muted\">This key cannot save rules (it needs the scope segments:write).</span>")</p>
            </form>
            """
        return DashboardPage.render(title: "Rule editor", key: key, version: version, body: body)
    }
}

/// Where a key is entered; the dashboard keeps it in an HTTP-only cookie for this site only.
enum LoginPage {
    static func render(next: String, problem: String?) -> String {
        let body = """
            <h1>Sign in</h1>
            <form class="login" action="/login" method="post">
            <input type="hidden" name="next" value="\(escape(next))">
            <label for="key">API key</label>
            <input id="key" name="key" type="password" placeholder="sk_…" required autocomplete="off">
            <button>Sign in</button>
            \(problem.map { "<p class=\"error\" role=\"alert\">\(escape($0))</p>" } ?? "")
            <p class="muted">A key with the scope <code>read</code> can look; <code>segments:write</code> can also save rules. Create one with <code>strata keys create --scope read</code>.</p>
            </form>
            """
        return DashboardPage.render(title: "Sign in", key: nil, body: body)
    }
}
