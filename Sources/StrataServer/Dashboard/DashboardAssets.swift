/// The dashboard's one stylesheet and one script, served from `/assets/` (no build step, nothing
/// loaded from the network).
enum DashboardAssets {
    static let css = #"""
        :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; --bad: #b91c1c; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); }
        * { box-sizing: border-box; }
        body { margin: 0; line-height: 1.45; }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: #f9fafb; }
        header .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
        nav { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; flex: 1; }
        nav form { display: flex; gap: .4rem; align-items: center; margin: 0; }
        nav .logout { margin-left: auto; }
        nav .lookup input { width: 10rem; }
        .chart text { font-size: 12px; fill: #374151; }
        .who { color: var(--muted); font-size: .85rem; }
        main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, textarea:focus, summary:focus { outline: 3px solid #93c5fd; outline-offset: 1px; }
        h1 { font-size: 1.5rem; margin: .2rem 0 .6rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
        .muted, .crumbs, .summary { color: var(--muted); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .95rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
        th[scope="row"] { font-weight: 500; }
        .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .figures { display: flex; flex-wrap: wrap; gap: .5rem 2rem; margin: 0; }
        .figures dt { color: var(--muted); font-size: .85rem; }
        .figures dd { margin: 0; font-size: 1.3rem; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        .spark { display: block; }
        figure { margin: 0; max-width: 100%; overflow-x: auto; }
        figure svg { max-width: 100%; height: auto; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f9fafb; padding: .6rem; border: 1px solid var(--line); }
        h3 { font-size: 1rem; margin: .4rem 0; }
        .flows { display: flex; flex-wrap: wrap; gap: 0 3rem; }
        .plan dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        .plan dt { color: var(--muted); }
        .plan dd { margin: 0; }
        @media (max-width: 600px) { .plan dl { grid-template-columns: 1fr; } }
        .alerts { border-left: 4px solid #d97706; padding: .2rem 1rem; background: #fffbeb; }
        .pages { display: flex; gap: 1rem; margin-top: .5rem; }
        .button, button { display: inline-block; padding: .4rem .8rem; border: 1px solid var(--accent); border-radius: .3rem; background: var(--accent); color: #fff; text-decoration: none; font: inherit; cursor: pointer; }
        button[disabled] { opacity: .5; cursor: not-allowed; }
        input, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid #9ca3af; border-radius: .3rem; max-width: 100%; }
        textarea { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .editor, .login { display: flex; flex-direction: column; gap: .4rem; max-width: 48rem; }
        .editor label, .login label { font-weight: 600; }
        .status { min-height: 1.5rem; font-weight: 600; }
        .status.bad, .problems, .error { color: var(--bad); }
        .problems .place { background: none; border: none; padding: 0; color: var(--bad); text-decoration: underline; }
        .sample ul { columns: 12rem; }
        @media (max-width: 600px) { main { padding: .6rem; } nav .logout { margin-left: 0; } .figures dd { font-size: 1.1rem; } }
        """#

    static let script = #"""
        "use strict";
        // The dashboard's script: live sizes (polling), and the rule editor (check as you type, save).
        const dashboardHeaders = { "X-Strata-Dashboard": "1" };

        function formatCount(n) { return n.toLocaleString("en-US"); }
        function formatShare(x) { return (x * 100).toFixed(1) + "%"; }

        function cells(attribute, key) {
          return Array.from(document.querySelectorAll("[" + attribute + "]")).filter((el) => el.getAttribute(attribute) === key);
        }

        async function refreshSizes() {
          const response = await fetch("/sizes.json", { headers: dashboardHeaders });
          if (!response.ok) return;
          const sizes = await response.json();
          for (const [key, value] of Object.entries(sizes.segments)) {
            cells("data-size", key).forEach((el) => { el.textContent = formatCount(value.size); });
            cells("data-share", key).forEach((el) => { el.textContent = formatShare(value.share); });
            if (value.revenue_share !== undefined) cells("data-revenue-share", key).forEach((el) => { el.textContent = formatShare(value.revenue_share); });
          }
          document.querySelectorAll("[data-customers]").forEach((el) => { el.textContent = formatCount(sizes.customers); });
          document.querySelectorAll("[data-version-text]").forEach((el) => { el.textContent = String(sizes.data_version); });
          document.body.dataset.version = String(sizes.data_version);
        }

        function watchVersion() {
          if (document.body.dataset.version === undefined) return;
          setInterval(async () => {
            try {
              const response = await fetch("/v1/analysis");
              if (!response.ok) return;
              const state = await response.json();
              if (String(state.data_version) !== document.body.dataset.version) await refreshSizes();
            } catch (error) { /* the next poll tries again */ }
          }, 2000);
        }

        function editor() {
          const form = document.getElementById("editor");
          if (!form) return;
          const rule = document.getElementById("rule");
          const name = document.getElementById("segment-name");
          const status = document.getElementById("rule-status");
          const problems = document.getElementById("rule-problems");
          const sample = document.getElementById("rule-sample");
          let timer = null;
          let asked = 0;

          function show(message, bad) {
            status.textContent = message;
            status.classList.toggle("bad", bad);
          }

          // Puts the caret at a problem's line and column in the rule.
          function showPlace(line, column) {
            const lines = rule.value.split("\n");
            let offset = 0;
            for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
            offset = Math.min(rule.value.length, offset + column - 1);
            rule.focus();
            rule.setSelectionRange(offset, Math.min(rule.value.length, offset + 1));
          }

          function listProblems(list) {
            problems.replaceChildren(...list.map((p) => {
              const item = document.createElement("li");
              const place = document.createElement("button");
              place.type = "button";
              place.className = "place";
              place.textContent = "line " + p.line + ", column " + p.column;
              place.addEventListener("click", () => showPlace(p.line, p.column));
              item.append(place, ": " + p.message);
              item.dataset.line = String(p.line);
              item.dataset.column = String(p.column);
              return item;
            }));
          }

          function listSample(ids) {
            const list = document.createElement("ul");
            for (const id of ids) {
              const item = document.createElement("li");
              const link = document.createElement("a");
              link.href = "/customers/" + encodeURIComponent(id);
              link.textContent = id;
              item.append(link);
              list.append(item);
            }
            sample.replaceChildren(list);
          }

          async function check() {
            const text = rule.value.trim();
            const ask = ++asked;
            if (!text) { show("", false); listProblems([]); sample.replaceChildren(); return; }
            const response = await fetch("/v1/segments/preview", { method: "POST", headers: dashboardHeaders, body: text });
            if (ask !== asked) return;
            const answer = await response.json().catch(() => ({}));
            if (response.ok) {
              show(formatCount(answer.count) + " customers match (" + formatShare(answer.share) + ")", false);
              listProblems([]);
              listSample(answer.sample || []);
            } else if (answer.problems) {
              const own = answer.problems.filter((p) => p.segment === "preview");
              show(own.length === 1 ? "1 problem" : own.length + " problems", true);
              listProblems(own.length ? own : answer.problems);
              sample.replaceChildren();
            } else {
              show(answer.error ? answer.error.message : "the rule could not be checked (HTTP " + response.status + ")", true);
            }
          }

          rule.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(check, 400);
          });
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            const response = await fetch("/v1/segments/" + encodeURIComponent(name.value.trim()), { method: "PUT", headers: dashboardHeaders, body: rule.value });
            const answer = await response.json().catch(() => ({}));
            if (response.ok) {
              show("Saved “" + answer.name + "”; the analysis is being renewed with it.", false);
            } else if (answer.problems) {
              show("Not saved: the rule has problems", true);
              listProblems(answer.problems);
            } else {
              show("Not saved: " + (answer.error ? answer.error.message : "HTTP " + response.status), true);
            }
          });
          if (rule.value.trim()) check();
        }

        document.addEventListener("DOMContentLoaded", () => {
          watchVersion();
          editor();
        });
        """#
}
