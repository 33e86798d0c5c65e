import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataPipeline
import StrataServer
import StrataStore
import Testing

/// The dashboard over HTTP: sign-in with a key kept in an HTTP-only same-site cookie, every page
/// and its figures from the live analysis, untrusted text escaped, the cookie honoured by the API
/// only with the dashboard's header for changes, and a read-only key that cannot save a rule.
/// (The same pages in a real browser: DashboardBrowserTests.)
@Suite struct DashboardTests {
    /// A store with generated data and a customer whose id and attribute are markup; keys by name.
    struct Fixture {
        let dir = TempDir()
        let store: StrataStore
        let keys: [String: String]
        static let hostileID = "Q&A<1>"
        static let hostileCity = "<img src=x onerror=window.__strataPwned=1>"

        init() throws {
            let data = DataGeneratorTests().generate(400, seed: 8)
            try FileManager.default.copyItem(atPath: data.path, toPath: dir.path + "/data")
            var customers = try String(contentsOfFile: dir.path + "/data/customers.csv", encoding: .utf8)
            let header = customers.prefix { $0 != "\n" }.split(separator: ",").map(String.init)
            customers += header.map { $0 == "customer_id" ? "\"\(Self.hostileID)\"" : $0 == "city" ? "\"\(Self.hostileCity)\"" : "" }.joined(separator: ",") + "\n"
            try customers.write(toFile: dir.path + "/data/customers.csv", atomically: true, encoding: .utf8)
            store = try StrataStore(path: dir.path + "/live.db", durable: true)
            var loader = DatasetLoader(paths: InputPaths(directory: dir.path + "/data"))
            loader.keepRowIDs = true
            _ = try store.importData(try loader.load())
            // Two weeks and three days before the service's as-of: the size history and last week's movement.
            for days in [14, 3] { _ = try StoreHistory.takeSnapshot(path: store.path, asOf: DataGenerator.periodEnd - Int64(days) * 86_400, model: .none) }
            var keys: [String: String] = [:]
            for (name, scopes) in [("write", [APIScope.read, .segmentsWrite]), ("read", [.read]), ("ingest", [.ingest])] {
                keys[name] = try store.createKey(name: name, scopes: Set(scopes)).secret
            }
            self.keys = keys
        }

        var settings: ServerSettings {
            var settings = ServerSettings.onLoopback
            settings.analysis.asOf = DataGenerator.periodEnd
            return settings
        }

        func cookie(_ name: String) -> HTTPFields { [.cookie: "strata_key=\(keys[name]!)"] }
    }

    @Test func signingInKeepsTheKeyInAnHTTPOnlySameSiteCookie() async throws {
        let fixture = try Fixture()
        try await StrataServer.application(store: fixture.store, settings: fixture.settings).test(.live) { client in
            try await client.execute(uri: "/segments/rfm%3AChampions", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=/segments/rfm%253AChampions")
            }
            let form = [.contentType: "application/x-www-form-urlencoded"] as HTTPFields
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "key=sk_nope&next=%2F")) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("unknown or revoked"))
            }
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "key=\(fixture.keys["ingest"]!)&next=%2F")) { response in
                #expect(response.status == .forbidden, "an ingest-only key cannot look")
            }
            try await client.execute(uri: "/login", method: .post, headers: form, body: ByteBuffer(string: "key=\(fixture.keys["read"]!)&next=https%3A%2F%2Fevil.example%2F")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/", "only a local path is returned to")
                let cookie = response.headers[.setCookie] ?? ""
                #expect(cookie.hasPrefix("strata_key=\(fixture.keys["read"]!);"))
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            }
        }
    }

    @Test func pagesShowTheLiveFiguresWithUntrustedTextEscaped() async throws {
        let fixture = try Fixture()
        try await StrataServer.application(store: fixture.store, settings: fixture.settings).test(.live) { client in
            // The first analysis.
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: fixture.cookie("read")) { #expect($0.status == .ok) }
            var sizes: [String: Any] = [:]
            try await client.execute(uri: "/sizes.json", method: .get, headers: fixture.cookie("read")) { response in
                sizes = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            #expect(sizes["customers"] as? Int == 401)
            let champions = try #require((sizes["segments"] as? [String: Any])?["rfm:Champions"] as? [String: Any])
            try await client.execute(uri: "/v1/segments/rfm:Champions", method: .get, headers: fixture.cookie("read")) { response in
                let segment = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(segment["size"] as? Int == champions["size"] as? Int)
            }
            // The service keeps a snapshot of its first analysis of the day (in the background).
            for _ in 0..<3_000 where try fixture.store.snapshots().count < 3 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try fixture.store.snapshots().map(\.asOf) == [14, 3, 0].map { DataGenerator.periodEnd - Int64($0) * 86_400 })
            let twoWeeksBefore = Timestamp.isoDate(day: DataGenerator.periodEnd / 86_400 - 14)
            try await client.execute(uri: "/", method: .get, headers: fixture.cookie("read")) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("This week<br><span class=\"muted\">since \(twoWeeksBefore)</span>"))
                #expect(html.contains("<svg class=\"spark\""), "the size history over the three snapshots")
            }
            try await client.execute(uri: "/segments/rfm%3AChampions", method: .get, headers: fixture.cookie("read")) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("<h2>Movement since \(twoWeeksBefore)</h2>"))
                #expect(html.contains("<h2>Size in the snapshots</h2><figure><svg class=\"chart\""))
                #expect(html.contains("<section class=\"plan\"><h2>Plan"), "the plan from the analysis's insights")
                #expect(html.contains("<h2>What members share</h2><ul><li>"), "what sets them apart from the rest")
            }
            try await client.execute(uri: "/", method: .get, headers: fixture.cookie("read")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("data-size=\"rfm:Champions\">\(champions["size"] as? Int ?? -1)<"))
                #expect(!html.contains("<form id=\"editor\""))
            }
            let id = Fixture.hostileID.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/customers/\(id)", method: .get, headers: fixture.cookie("read")) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<h1>Q&amp;A&lt;1&gt;</h1>"))
                #expect(html.contains("&lt;img src=x onerror=window.__strataPwned=1&gt;"))
                #expect(!html.contains(Fixture.hostileCity) && !html.contains(Fixture.hostileID))
            }
            try await client.execute(uri: "/segments/rfm%3AChampions/export.csv", method: .get, headers: fixture.cookie("read")) { response in
                let lines = String(buffer: response.body).split(separator: "\n")
                #expect(lines.first == "customer_id,segment", "as strata export writes it (these customers have no contact columns)")
                #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",Champions") })
                #expect(lines.count == (champions["size"] as? Int ?? 0) + 1)
            }
            try await client.execute(uri: "/segments/nope", method: .get, headers: fixture.cookie("read")) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("<h1>Not found</h1><p class=\"error\" role=\"alert\">no segment"))
            }
        }
    }

    @Test func theAPITakesTheCookieForChangesOnlyWithTheDashboardsHeader() async throws {
        let fixture = try Fixture()
        try await StrataServer.application(store: fixture.store, settings: fixture.settings).test(.live) { client in
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: fixture.cookie("write")) { #expect($0.status == .ok) }
            // Another site's form or script could make a browser send the cookie, but not this header.
            try await client.execute(uri: "/v1/segments/Repeat", method: .put, headers: fixture.cookie("write"), body: ByteBuffer(string: "orders >= 2")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("X-Strata-Dashboard"))
            }
            var headers = fixture.cookie("read")
            headers[HTTPField.Name("X-Strata-Dashboard")!] = "1"
            try await client.execute(uri: "/v1/segments/Repeat", method: .put, headers: headers, body: ByteBuffer(string: "orders >= 2")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("lacks the scope 'segments:write'"))
            }
            try await client.execute(uri: "/editor", method: .get, headers: fixture.cookie("read")) { response in
                #expect(String(buffer: response.body).contains("<button id=\"save\" type=\"submit\" disabled>"))
            }
            headers = fixture.cookie("write")
            headers[HTTPField.Name("X-Strata-Dashboard")!] = "1"
            try await client.execute(uri: "/v1/segments/Repeat", method: .put, headers: headers, body: ByteBuffer(string: "orders >= 2")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/editor?name=Repeat", method: .get, headers: fixture.cookie("write")) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(">orders &gt;= 2</textarea>"))
                #expect(html.contains("<button id=\"save\" type=\"submit\">"))
            }
        }
    }
}
