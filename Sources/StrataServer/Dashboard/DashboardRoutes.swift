import Foundation
import HTTPTypes
import Hummingbird
import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore

/// The dashboard (docs/dashboard.md): server-rendered pages at `/` over the live analysis, for
/// the holder of an API key — `read` to look, `segments:write` to save rules. The key is entered
/// once at `/login` and kept in an HTTP-only, same-site cookie; the pages' script calls the API
/// with that cookie (``KeyAuthenticator``).
struct DashboardRoutes {
    let store: StrataStore
    let live: LiveAnalysis
    let history: DashboardHistory
    let insights: DashboardInsights

    func add(to router: Router<StrataRequestContext>) {
        router.get("assets/dashboard.css") { _, _ in Self.asset(DashboardAssets.css, type: "text/css; charset=utf-8") }
        router.get("assets/dashboard.js") { _, _ in Self.asset(DashboardAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("login") { request, _ in Self.html(LoginPage.render(next: Self.next(request.uri.queryParameters.get("next")), problem: nil)) }
        router.post("login") { request, context in try await login(request, context) }
        router.post("logout") { _, _ in
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(Cookie(name: KeyAuthenticator.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        let pages = router.group().add(middleware: DashboardSession(store: store))
        pages.get("/") { _, context in try await segments(context) }
        pages.get("sizes.json") { _, _ in try sizes() }
        pages.get("segments/:name") { request, context in try await segment(request, context) }
        pages.get("segments/:name/export.csv") { request, context in try export(request, context) }
        pages.get("customers") { request, _ -> Response in
            let id = request.uri.queryParameters.get("id") ?? ""
            return Response(status: .seeOther, headers: [.location: id.isEmpty ? "/" : "/customers/\(DashboardPage.path(id))"])
        }
        pages.get("customers/:id") { _, context in try customer(context) }
        pages.get("editor") { request, context in try editor(request, context) }
    }

    // MARK: Pages

    func segments(_ context: StrataRequestContext) async throws -> Response {
        let snapshot = try live.served()
        let history = await self.history.view(snapshot)
        let page = SegmentsPage(sizes: snapshot.segmentSizes, customers: snapshot.customerCount, revenueCents: snapshot.revenueCents,
                                hasAmounts: snapshot.analysis.dataset.orders.hasAmounts, asOf: snapshot.analysis.summary.asOf,
                                version: snapshot.version, history: history.sizes.mapValues { $0.map(\.size) },
                                canEdit: context.key?.allows(.segmentsWrite) == true, today: history.today, week: history.week)
        return Self.html(page.render(key: context.key!))
    }

    /// Every segment's size and shares now, for the pages' live figures.
    func sizes() throws -> Response {
        let snapshot = try live.served()
        let customers = snapshot.customerCount, revenue = snapshot.revenueCents
        let hasAmounts = snapshot.analysis.dataset.orders.hasAmounts
        var segments: [String: JSONValue] = [:]
        for size in snapshot.segmentSizes {
            var figures: [String: JSONValue] = ["size": .int(Int64(size.size)), "share": .number(customers == 0 ? 0 : Double(size.size) / Double(customers))]
            if hasAmounts { figures["revenue_share"] = .number(revenue > 0 ? Double(size.revenueCents) / Double(revenue) : 0) }
            segments[SegmentsPage.key(size)] = .object(figures)
        }
        return try .json(JSONValue.object(["data_version": .int(Int64(snapshot.version)), "customers": .int(Int64(customers)), "segments": .object(segments)]))
    }

    func segment(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        let snapshot = try live.served()
        let segment = try ReadRoutes.named(request, context, in: snapshot)
        let history = await self.history.view(snapshot)
        let rule = segment.scheme == "custom" ? try store.segmentDefinitions().definitions.first { $0.name == segment.label }?.expression : nil
        let page = max(0, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 0)
        let ids = segment.ids(snapshot.analysis)
        let start = min(ids.count, page * SegmentPage.pageSize)
        let base = snapshot.analysis
        let header = CustomerTableWriter.header(base.dataset.customers, lifetime: base.lifetime, custom: base.custom)
        let columns = SegmentPage.memberColumns.filter(header.contains)
        let members = ids[start..<min(ids.count, start + SegmentPage.pageSize)].map { id -> (id: String, values: [String]) in
            guard let (a, c) = snapshot.customer(id) else { return (id, columns.map { _ in "—" }) }
            let record = CustomerTableWriter.record(c, a.dataset.customers, a.segmentation, lifetime: a.lifetime, custom: a.custom)
            return (id, columns.map { name in record.first { $0.name == name }.map { CustomerPage.text($0.value) } ?? "—" })
        }
        let all = await self.insights.insights(snapshot)
        let insights = InsightScheme(name: segment.scheme).flatMap { scheme in all.schemes.first { $0.scheme == scheme } }
        var view = SegmentPage(name: "\(segment.scheme):\(segment.label)", segment: segment, customers: snapshot.customerCount,
                               revenueCents: base.dataset.orders.hasAmounts ? snapshot.revenueCents : nil,
                               history: (history.sizes["\(segment.scheme):\(segment.label)"] ?? []).map { (date: Timestamp.isoDate(day: Timestamp.day($0.asOf)), size: $0.size) }, rule: rule,
                               members: members, columns: columns, page: page,
                               hasNext: start + SegmentPage.pageSize < ids.count, canEdit: context.key?.allows(.segmentsWrite) == true, version: snapshot.version,
                               week: history.week)
        view.profile = insights?.segments.first { $0.segment == segment.label }?.findings.prefix(6).map(\.sentence) ?? []
        view.plan = insights?.plans.first { $0.segment == segment.label }
        return Self.html(view.render(key: context.key!))
    }

    /// Every member with the contact columns the customers have, as CSV for a mailing tool (as `strata export` writes it).
    func export(_ request: Request, _ context: StrataRequestContext) throws -> Response {
        let snapshot = try live.served()
        let segment = try ReadRoutes.named(request, context, in: snapshot)
        let file = segment.label.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }.joined()
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file).csv\""],
                        body: .init(byteBuffer: ByteBuffer(data: SegmentExport(snapshot, segment: segment).render(.csv))))
    }

    func customer(_ context: StrataRequestContext) throws -> Response {
        let snapshot = try live.served()
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        guard let (a, c) = snapshot.customer(id) else {
            throw APIError(.notFound, "no customer '\(id)' in the analysis as of \(snapshot.analysis.summary.asOf)")
        }
        let rules = try? store.segmentDefinitions().check(schema: RuleSchema(a.catalog))
        let page = CustomerPage(id: id, analysis: a, index: c, builtInExplanation: BuiltInExplanation.text(c, a.segmentation, a.lifetime),
                                customTrace: rules.map { RuleExplainer.explain($0, a.catalog, customer: c) }, version: snapshot.version)
        return Self.html(page.render(key: context.key!))
    }

    func editor(_ request: Request, _ context: StrataRequestContext) throws -> Response {
        let version = try live.served().version
        let saved = try store.segmentDefinitions().definitions
        let name = request.uri.queryParameters.get("name") ?? ""
        let page = EditorPage(name: name, rule: saved.first { $0.name == name }?.expression ?? "", saved: saved.map(\.name),
                              canSave: context.key?.allows(.segmentsWrite) == true, version: version)
        return Self.html(page.render(key: context.key!))
    }

    // MARK: Sign-in

    struct LoginForm: Decodable {
        var key: String
        var next: String?
    }

    func login(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: request.body.collect(upTo: 16_384)))
        let next = Self.next(form.next)
        let secret = form.key.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = try store.key(secret: secret) else {
            return Self.html(LoginPage.render(next: next, problem: "That key is unknown or revoked."), status: .unauthorized)
        }
        guard key.allows(.read) else {
            return Self.html(LoginPage.render(next: next, problem: "The key '\(key.name)' lacks the scope 'read' the dashboard needs."), status: .forbidden)
        }
        var response = Response(status: .seeOther, headers: [.location: next])
        response.setCookie(Cookie(name: KeyAuthenticator.cookie, value: secret, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: Helpers

    /// A local path to return to after signing in; anything else goes to `/`.
    static func next(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return "/" }
        return path
    }

    /// Pages may run only this site's script, in no other site's frame.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Admits a page request only with the dashboard's cookie holding a live key with the scope
/// `read`; otherwise sends the browser to `/login`, to come back after.
struct DashboardSession: RouterMiddleware {
    typealias Context = StrataRequestContext
    let store: StrataStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret = request.cookies[KeyAuthenticator.cookie]?.value, let key = try store.key(secret: secret), key.allows(.read) else {
            let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            let query = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-._~"))) ?? "/"
            return Response(status: .seeOther, headers: [.location: "/login?next=\(query)"])
        }
        var context = context
        context.key = key
        do { return try await next(request, context) } catch let error as APIError where !request.uri.path.hasSuffix(".json") && !request.uri.path.hasSuffix(".csv") {
            // A page's problem as a page; while the first analysis runs, one that looks again.
            var response = DashboardRoutes.html(DashboardPage.problem(error.status.code, error.message, key: key, retry: error.status == .serviceUnavailable),
                                                status: error.status)
            if let retry = error.headers[.retryAfter] { response.headers[.retryAfter] = retry }
            return response
        }
    }
}
