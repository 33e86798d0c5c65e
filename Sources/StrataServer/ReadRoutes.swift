import Foundation
import HTTPTypes
import Hummingbird
import StrataCore
import StrataOutputs
import StrataPipeline
import StrataStore

/// The read endpoints, answered from the live analysis (``LiveAnalysis``): a customer's fields and
/// segments, every scheme's segment sizes (the `segments.json` of `strata analyze`), a segment's
/// members page by page. `?consistent=true` waits for an analysis that includes every write
/// committed before the request.
struct ReadRoutes {
    let live: LiveAnalysis
    let store: StrataStore
    /// Seconds a `?consistent=true` read waits (``ServerSettings/consistentWaitSeconds``).
    let consistentWait: Double

    /// What `GET /v1/customers/{id}` answers.
    struct CustomerAnswer: Encodable {
        var customerID: String
        var asOf: String
        var dataVersion: Int
        /// Scheme → the customer's segment in it.
        var segments: [String: String]
        /// The custom segments the customer is in.
        var customSegments: [String]
        /// Every column of `customers.csv` for the customer.
        var fields: [String: JSONValue]
        /// With `?explain=true`: why the customer is in each built-in segment, and the trace of every
        /// custom segment's rule (as `strata explain` prints them).
        var explanation: Explanation?

        enum CodingKeys: String, CodingKey {
            case segments, fields, explanation
            case customerID = "customer_id", asOf = "as_of", dataVersion = "data_version", customSegments = "custom_segments"
        }
    }

    struct Explanation: Encodable {
        var builtIn: String
        var custom: String?

        enum CodingKeys: String, CodingKey {
            case custom
            case builtIn = "built_in"
        }
    }

    func add(to group: RouterGroup<StrataRequestContext>) {
        group.get("customers/:id") { request, context in try await customer(request, context) }
        group.get("segments") { request, context in
            try context.require(.read)
            let snapshot = try await snapshot(request)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(data: try snapshot.analysis.summary.json())))
        }
        group.get("segments/:name/members") { request, context in try await members(request, context) }
        group.get("segments/:name") { request, context in try await segment(request, context) }
    }

    func snapshot(_ request: Request) async throws -> LiveAnalysis.Snapshot {
        if request.uri.queryParameters.get("consistent") == "true" {
            let version = live.latestVersion
            if let current = live.current, current.version >= version { return current }
            let snapshot: LiveAnalysis.Snapshot?
            do { snapshot = try await BoundedWait.result(within: consistentWait) { [live] in try await live.snapshot(including: version) } } catch {
                throw APIError(.serviceUnavailable, "no analysis: \(error)")
            }
            guard let snapshot else {
                throw APIError(.serviceUnavailable, "the analysis that includes data version \(version) is still running; ask again",
                               headers: [.retryAfter: "1"])
            }
            return snapshot
        }
        return try live.served()
    }

    func customer(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.read)
        let id = try context.parameters.require("id")
        let snapshot = try await snapshot(request)
        guard let (a, c) = snapshot.customer(id) else {
            throw APIError(.notFound, "no customer '\(id)' in the analysis as of \(snapshot.analysis.summary.asOf)")
        }
        let record = CustomerTableWriter.record(c, a.dataset.customers, a.segmentation, lifetime: a.lifetime, custom: a.custom)
        let custom = a.custom.map { custom in custom.segmentNames.indices.filter { custom.members[$0][c] }.map { custom.segmentNames[$0] } } ?? []
        var answer = CustomerAnswer(
            customerID: id, asOf: a.summary.asOf, dataVersion: snapshot.version,
            segments: Dictionary(uniqueKeysWithValues: a.segmentation.schemes.map { ($0.rawValue, a.segmentation.segment($0, c)) }),
            customSegments: custom,
            fields: Dictionary(record.map { ($0.name, JSONValue($0.value)) }, uniquingKeysWith: { first, _ in first }))
        if request.uri.queryParameters.get("explain") == "true" {
            // The definitions as they are now, checked against the analysis answered from.
            let rules = try? store.segmentDefinitions().check(schema: RuleSchema(a.catalog))
            answer.explanation = Explanation(builtIn: BuiltInExplanation.text(c, a.segmentation, a.lifetime),
                                             custom: rules.map { RuleExplainer.explain($0, a.catalog, customer: c) })
        }
        return try .json(answer)
    }

    /// What `GET /v1/segments/{name}` answers.
    struct SegmentAnswer: Encodable {
        struct Point: Encodable {
            var asOf: String
            var size: Int

            enum CodingKeys: String, CodingKey {
                case size
                case asOf = "as_of"
            }
        }

        var scheme: String
        var segment: String
        var size: Int
        var share: Double
        var revenue: Double?
        var revenueShare: Double?
        var asOf: String
        var dataVersion: Int
        /// The segment's size in each of the store's snapshots (`strata snapshot`), for the schemes
        /// snapshots keep (rfm, activity, lifecycle).
        var sizeHistory: [Point]

        enum CodingKeys: String, CodingKey {
            case scheme, segment, size, share, revenue
            case revenueShare = "revenue_share", asOf = "as_of", dataVersion = "data_version", sizeHistory = "size_history"
        }
    }

    /// A resolved segment, or 404/400 naming the problem.
    static func named(_ request: Request, _ context: StrataRequestContext, in snapshot: LiveAnalysis.Snapshot) throws -> LiveSegment {
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        do { return try snapshot.segment(named: name) } catch {
            throw APIError(error == .unknown(name) ? .notFound : .badRequest, error.description)
        }
    }

    func segment(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.read)
        let snapshot = try await snapshot(request)
        let a = snapshot.analysis
        let segment = try Self.named(request, context, in: snapshot)
        let size = segment.count, customers = snapshot.customerCount
        var revenue: Double?, total: Double?
        if a.dataset.orders.hasAmounts {
            revenue = Double(segment.revenueCents) / 100
            total = Double(snapshot.revenueCents) / 100
        }
        let history = SegmentScheme(rawValue: segment.scheme).map { scheme in
            ((try? store.segmentSizes(scheme: scheme, segment: segment.label)) ?? []).map {
                SegmentAnswer.Point(asOf: Timestamp.isoDate(day: Timestamp.day($0.asOf)), size: $0.size)
            }
        } ?? []
        return try .json(SegmentAnswer(scheme: segment.scheme, segment: segment.label, size: size,
                                       share: customers == 0 ? 0 : Double(size) / Double(customers),
                                       revenue: revenue, revenueShare: revenue.flatMap { r in total.map { $0 > 0 ? r / $0 : 0 } },
                                       asOf: a.summary.asOf, dataVersion: snapshot.version, sizeHistory: history))
    }

    /// `GET /v1/segments/{name}/members`: `name` is `scheme:segment`, a segment name found in one
    /// scheme only, or a custom segment's name. NDJSON (default) or CSV (`?format=csv`) of
    /// `customer_id`, `limit` rows (default 1,000, at most 10,000) from `cursor`; the next page's
    /// cursor is in the `Next-Cursor` header (absent on the last page).
    func members(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.read)
        let snapshot = try await snapshot(request)
        let segment = try Self.named(request, context, in: snapshot)
        let members = segment.baseMembers, newMembers = segment.newMembers
        let ids = snapshot.analysis.dataset.customers.ids
        // Positions: the base's customers by code, then those new since it.
        let end = ids.count + newMembers.count
        let isMember = { @Sendable (c: Int) in c >= ids.count || members[c] }
        let id = { @Sendable (c: Int) in c < ids.count ? ids.string(c) : newMembers[c - ids.count] }
        let query = request.uri.queryParameters
        let limit = min(10_000, max(1, query.get("limit").flatMap { Int($0) } ?? 1_000))
        var start = 0
        if let cursor = query.get("cursor") {
            let parts = cursor.split(separator: ".")
            guard parts.count == 2, let version = Int(parts[0]), let index = Int(parts[1]) else {
                throw APIError(.badRequest, "cursor '\(cursor)' is not one this API gave")
            }
            guard (0...end).contains(index) else { throw APIError(.badRequest, "cursor '\(cursor)' is not one this API gave") }
            guard version == snapshot.baseVersion else {
                throw APIError(.gone, "the whole store was analysed again since this cursor was given; start from the first page")
            }
            start = index
        }
        let csv = query.get("format") == "csv"
        // The page's end first, for the next page's cursor in the headers; then its rows,
        // streamed a thousand at a time.
        var c = start, rows = 0
        while c < end && rows < limit {
            if isMember(c) { rows += 1 }
            c += 1
        }
        let page = start..<c
        var headers: HTTPFields = [.contentType: csv ? "text/csv; charset=utf-8" : "application/x-ndjson"]
        if (page.upperBound..<end).contains(where: isMember) { headers[HTTPField.Name("Next-Cursor")!] = "\(snapshot.baseVersion).\(page.upperBound)" }
        let body = ResponseBody { writer in
            var out = CSVBuffer()
            if csv { out.write("customer_id\n") }
            var held = 0
            for c in page where isMember(c) {
                if csv { out.text(id(c)) } else { out.write("{\"customer_id\":" + jsonString(id(c)) + "}") }
                out.newline()
                held += 1
                if held == 1_000 {
                    try await writer.write(ByteBuffer(bytes: out.bytes))
                    out = CSVBuffer()
                    held = 0
                }
            }
            if out.count > 0 { try await writer.write(ByteBuffer(bytes: out.bytes)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
