import Foundation
import Testing
@testable import StrataCore
@testable import StrataOutputs
@testable import StrataPipeline
@testable import StrataStore

/// The HTML report: escaped, self-contained, and rendered by a real headless Chromium at desktop
/// and phone width without console errors, with every chart drawn and the tables' numbers right.
@Suite struct ReportTests {
    static let hostile = #"<script>alert("x")</script> & 'quoted'"#

    /// A report over generated data with a hostile attribute value and a hostile segment name.
    static func report() throws -> (html: String, data: ReportData, segmentation: Segmentation) {
        let dir = DataGeneratorTests().generate(2_000, seed: 17)
        var customers = try String(contentsOfFile: "\(dir.path)/customers.csv", encoding: .utf8)
        customers = customers.replacingOccurrences(of: ",organic\n", with: ",\"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\"\n")
        dir.write("customers.csv", customers)
        let data = try load(InputPaths(directory: dir.path))
        let asOf = seconds("2024-06-30T23:59:59Z")
        let s = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        let lifetime = try LifetimeAnalysis(s.features, settings: PredictionSettings(horizon: 365))
        let catalog = FieldCatalog(data, s, lifetime: lifetime, asOf: asOf)
        let text = "segment \"\(hostile.replacingOccurrences(of: "\"", with: "\\\""))\" = orders >= 3\ngroup \"tier & <b>\" { segment \"Top\" = m_score = 5\n else \"rest\" }"
        let rules = try RuleChecker.check(RuleSource(file: "t", text: text), schema: RuleSchema(catalog)).get()
        var summary = AnalysisSummary(s, report: data.report, asOf: asOf, lifetime: lifetime)
        let custom = RuleEvaluator.evaluate(rules, catalog)
        summary.custom = CustomSegmentsSummary(custom)
        var report = ReportData(summary: summary, segmentation: s, lifetime: lifetime, customers: data.customers)
        report.insights = SegmentInsights(catalog, s, extra: [.init(custom: custom)],
                                          settings: .init(sizeGuard: SegmentSizeGuard(minimumCount: 10, minimumShare: 0)))
        return (HTMLReport.render(report), report, s)
    }

    @Test func dataNeverBecomesMarkup() throws {
        let (html, _, _) = try Self.report()
        #expect(html.components(separatedBy: "<script>").count == 2, "only the report's own script")
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;"))
        #expect(html.contains("tier &amp; &lt;b&gt;") && !html.contains("<b>"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count == html.components(separatedBy: "http://www.w3.org/2000/svg").count,
                "no network references other than the SVG namespace")
        let markdown = MarkdownReport.render(try Self.report().data)
        #expect(markdown.contains("| Champions |"))
    }

    /// Needs Chromium (`scripts/install-chromium.sh`, run by `.ci/run`); reported as skipped without it.
    @Test(.enabled(if: ReportTests.browser() != nil, "no Chromium: run scripts/install-chromium.sh"))
    func rendersInHeadlessChromium() throws {
        let browser = try #require(Self.browser())
        let (html, data, s) = try Self.report()
        let dir = TempDir()
        let page = dir.write("report.html", html)
        #expect(html.utf8.count < 5_000_000)

        let (dom, log) = try Self.run(browser, ["--dump-dom", "--enable-logging=stderr", "--v=0", "file://\(page)"])
        #expect(dom.contains("data-ready=\"1\""), "the inline script ran to its end")
        let consoleErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleErrors.isEmpty, "\(consoleErrors)")

        // Every chart has drawn marks with geometry.
        let charts = dom.components(separatedBy: "<svg class=\"chart\"").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        #expect(charts.count >= 10)
        for (i, chart) in charts.enumerated() {
            #expect(chart.contains("<path d=\"M") || chart.contains("<circle cx="), "chart \(i) draws nothing")
        }
        // Tables and cards hold the analysis' numbers.
        #expect(dom.contains("title=\"\(NumberFormat.grouped(data.summary.customers))\""))
        let rfm = try #require(data.summary.schemes.first { $0.scheme == .rfm })
        let champions = try #require(rfm.segments.first { $0.segment == "Champions" })
        #expect(champions.size == s.rfm.filter { $0 == .champions }.count)
        #expect(dom.contains("<td>Champions</td><td class=\"n\">\(NumberFormat.grouped(champions.size))</td>"))
        // The profiles' sentences, as text.
        let finding = try #require(data.insights?.schemes.first?.segments.first { !$0.findings.isEmpty }?.findings.first)
        #expect(dom.contains(finding.sentence.replacingOccurrences(of: "\"", with: "&quot;")) || dom.contains(finding.sentence))
        // The ranking and a card per plan, the hostile custom segment's as text.
        let activity = try #require(data.insights?.schemes.first { $0.scheme == .builtIn(.activity) })
        let first = try #require(activity.priorities.first)
        #expect(dom.contains("<td>\(first.segment)</td><td class=\"n\">1</td><td class=\"n\">\(NumberFormat.grouped(first.size))</td>"))
        let cards = dom.components(separatedBy: "<div class=\"card plan\">").count - 1
        #expect(cards == data.insights!.schemes.reduce(0) { $0 + $1.plans.count })
        #expect(dom.contains("<h3>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quoted'</h3>"))

        for (name, width) in [("desktop", 1280), ("phone", 390)] {
            let shot = "\(dir.path)/\(name).png"
            _ = try Self.run(browser, ["--screenshot=\(shot)", "--window-size=\(width),2400", "--hide-scrollbars", "file://\(page)"])
            let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
            #expect(size > 20_000, "\(name) screenshot")
        }
    }

    /// Chromium on the machine (tests install nothing).
    static func browser() -> String? {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }

    /// Runs a program and returns its stdout and stderr (stderr through a file, so neither
    /// stream can fill up and block the other).
    static func run(_ program: String, _ arguments: [String], headless: Bool = true) throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = headless ? ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--timeout=20000"] + arguments : arguments
        let out = Pipe()
        let errPath = NSTemporaryDirectory() + "strata-stderr-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? err.close()
        let stderr = FileManager.default.contents(atPath: errPath) ?? Data()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

extension ReportTests {
    /// With a store holding snapshots, the report shows sizes over time and the last flow.
    @Test func movementSectionFromStoredSnapshots() throws {
        let dir = DataGeneratorTests().generate(400, seed: 23)
        var loader = DatasetLoader(paths: InputPaths(directory: dir.path))
        loader.keepRowIDs = true
        let data = try loader.load()
        let store = try StrataStore(path: "\(dir.path)/strata.db")
        _ = try store.importData(data)
        for date in ["2024-04-30T23:59:59Z", "2024-05-31T23:59:59Z", "2024-06-30T23:59:59Z"] { try StoreHistory.takeSnapshot(path: "\(dir.path)/strata.db", asOf: seconds(date), model: .none) }
        let history = try #require(try StoreHistory.read(path: "\(dir.path)/strata.db"))
        #expect(history.dates == ["2024-04-30", "2024-05-31", "2024-06-30"])
        let last = try store.snapshot(asOf: seconds("2024-06-30T23:59:59Z"))
        let (names, sizes) = try #require(history.sizes[.activity])
        for (i, name) in names.enumerated() { #expect(sizes[i].last == last.filter { $0.activitySegment == name }.count) }

        let s = Segmentation(data, settings: FeatureSettings(asOf: seconds("2024-06-30T23:59:59Z")))
        var report = ReportData(summary: AnalysisSummary(s, report: data.report, asOf: seconds("2024-06-30T23:59:59Z")), segmentation: s, lifetime: nil)
        report.history = history
        let html = HTMLReport.render(report)
        #expect(html.contains("<section id=\"movement\">") && html.contains("id=\"history-rfm\""))
        let m = try #require(history.movements[.activity])
        let active = m.segments.firstIndex(of: "active")!
        #expect(html.contains("stayed</text>") && m.matrix[active][active] > 0)
    }
}

extension ReportTests {
    /// `strata report OUT` reads back what `analyze` wrote and shows the same thing.
    @Test func reportFromAnOutputFolderMatchesTheRunInMemory() throws {
        let dir = DataGeneratorTests().generate(600, seed: 31)
        let data = try load(InputPaths(directory: dir.path))
        let asOf = seconds("2024-06-30T23:59:59Z")
        let s = Segmentation(data, settings: FeatureSettings(asOf: asOf))
        let lifetime = try LifetimeAnalysis(s.features, settings: PredictionSettings(horizon: 90))
        let summary = AnalysisSummary(s, report: data.report, asOf: asOf, lifetime: lifetime)
        let out = TempDir()
        try Data(CustomerTableWriter.render(data.customers, s, lifetime: lifetime)).write(to: URL(fileURLWithPath: "\(out.path)/customers.csv"))
        try summary.json().write(to: URL(fileURLWithPath: "\(out.path)/segments.json"))

        let memory = ReportData(summary: summary, segmentation: s, lifetime: lifetime, customers: data.customers)
        let folder = try ReportData(outputDirectory: out.path)
        #expect(folder.summary.customers == memory.summary.customers && folder.rfmSegment == memory.rfmSegment)
        #expect(folder.firstPurchase == memory.firstPurchase && folder.lastPurchase == memory.lastPurchase)
        #expect(folder.expectedPurchases.count == 600 && folder.clv.count == 600)
        #expect(zip(folder.pAlive, memory.pAlive).allSatisfy { $0.isNaN ? $1.isNaN : abs($0 - $1) < 1e-4 })
        #expect(folder.attributes.map(\.name) == memory.attributes.map(\.name))
        #expect(throws: IngestError.self) { try ReportData(outputDirectory: "\(out.path)/missing") }
    }
}

extension ReportTests {
    /// Measures every chart in headless Chromium from the DOM's boxes, at phone and desktop width.
    static let layoutProbe = """
        <script>
        (function () {
          var problems = [], minimum = \(SVGChart.minimumTextPixels);
          document.querySelectorAll("svg.chart").forEach(function (svg, k) {
            var box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
            var texts = Array.from(svg.querySelectorAll("text")).filter(function (t) { return t.lastChild; }), boxes = texts.map(function (t) { return t.getBoundingClientRect(); });
            var name = svg.getAttribute("aria-label");
            texts.forEach(function (t, i) {
              var size = parseFloat(getComputedStyle(t).fontSize) * scale, r = boxes[i], label = t.lastChild.textContent;
              if (size < minimum - 0.05) problems.push(name + ": '" + label + "' at " + size.toFixed(1) + " px");
              if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
                problems.push(name + ": '" + label + "' clipped");
              for (var j = 0; j < i; j++) {
                var q = boxes[j];
                var x = Math.min(r.right, q.right) - Math.max(r.left, q.left), y = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
                if (x > 1 && y > 1) problems.push(name + ": '" + label + "' overlaps '" + texts[j].lastChild.textContent + "'");
              }
            });
          });
          document.querySelectorAll("body *").forEach(function (e) {
            if (e.closest("svg") || !Array.from(e.childNodes).some(function (n) { return n.nodeType === 3 && n.textContent.trim(); })) return;
            var size = parseFloat(getComputedStyle(e).fontSize);
            if (size < minimum) problems.push(e.tagName + " text at " + size + " px: " + e.textContent.slice(0, 40));
          });
          if (document.documentElement.scrollWidth > window.innerWidth + 1) {
            var wide = Array.from(document.querySelectorAll("body *")).filter(function (e) {
              return e.getBoundingClientRect().right > window.innerWidth + 1 && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1;
            }).map(function (e) { return e.tagName + "." + e.className + " " + e.textContent.slice(0, 40); });
            problems.push("the page scrolls sideways (" + document.documentElement.scrollWidth + " px): " + wide.slice(0, 3).join(" | "));
          }
          document.body.setAttribute("data-charts", document.querySelectorAll("svg.chart").length);
          document.body.setAttribute("data-layout", JSON.stringify(problems.slice(0, 40)));
        })();
        </script>
        """

    /// The charts' layout problems of `html` at `width` CSS pixels, and how many charts were measured.
    static func layout(_ html: String, width: Int, browser: String, dir: TempDir, name: String) throws -> (charts: Int, problems: [String]) {
        let page = dir.write(name, html.replacingOccurrences(of: "</body>", with: layoutProbe + "</body>"))
        let (dom, _) = try run(browser, ["--window-size=\(width),1600", "--dump-dom", "file://\(page)"])
        let charts = Int(dom.components(separatedBy: "data-charts=\"").dropFirst().first?.prefix { $0 != "\"" } ?? "") ?? 0
        let json = dom.components(separatedBy: "data-layout=\"").dropFirst().first?.components(separatedBy: "\"")[0] ?? "[]"
        let text = json.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        return (charts, (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? ["unreadable: \(json.prefix(200))"])
    }

    /// Needs Chromium; reported as skipped without it.
    @Test(.enabled(if: ReportTests.browser() != nil, "no Chromium: run scripts/install-chromium.sh"))
    func chartTextNeitherOverlapsNorClipsNorShrinksBelowTheMinimum() throws {
        let browser = try #require(Self.browser())
        var (html, data, _) = try Self.report()
        let dir = DataGeneratorTests().generate(2_000, seed: 17)
        let holdout = try HoldoutValidation(try load(InputPaths(directory: dir.path)), holdoutFrom: seconds("2024-01-01T00:00:00Z"),
                                            holdoutTo: seconds("2024-06-30T23:59:59Z"), unitDays: 7, kind: .paretoNBD)
        data.holdout = holdout
        html = HTMLReport.render(data)
        #expect(html.contains("Cumulative repeat purchases") && html.contains("P(alive) matrix") && html.contains("Period transactions"))
        let pages = [("report.html", html), ("validation.html", HTMLReport.validation(holdout))]
        for (name, page) in pages {
            for width in [390, 1280] {
                let (charts, problems) = try Self.layout(page, width: width, browser: browser, dir: dir, name: name)
                #expect(charts >= (name == "report.html" ? 20 : 5), "\(name) at \(width) px: \(charts) charts measured")
                #expect(problems.isEmpty, "\(name) at \(width) px: \(problems)")
            }
        }
    }

    /// The probe finds what it is for: overlapping, clipped and tiny chart text.
    @Test(.enabled(if: ReportTests.browser() != nil, "no Chromium: run scripts/install-chromium.sh"))
    func theLayoutProbeCatchesOverlapsClippingAndTinyText() throws {
        let browser = try #require(Self.browser())
        let bad = SVGChart.open(width: 200, height: 40, title: "bad") + "<text x=\"10\" y=\"20\" class=\"label\">overlapping</text>"
            + "<text x=\"20\" y=\"22\" class=\"label\">text</text><text x=\"190\" y=\"20\" class=\"label\">clipped text</text></svg>"
            + "<svg class=\"chart\" viewBox=\"0 0 4000 100\" style=\"width:390px\"><text x=\"5\" y=\"50\" class=\"label\">tiny</text></svg>"
        let (_, problems) = try Self.layout(HTMLReport.page(title: "t", body: bad), width: 1280, browser: browser, dir: TempDir(), name: "bad.html")
        #expect(problems.contains { $0.contains("'text' overlaps 'overlapping'") }, "\(problems)")
        #expect(problems.contains { $0.contains("'clipped text' clipped") })
        #expect(problems.contains { $0.contains("'tiny' at") })
    }
}
