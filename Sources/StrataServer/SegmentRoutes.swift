import Foundation
import Hummingbird
import StrataCore
import StrataPipeline
import StrataStore

/// Custom segments through the API: `PUT /v1/segments/{name}` with the rule expression as the
/// body (checked by the rule language against the current analysis's fields: 422 with each
/// problem's line and column), `DELETE /v1/segments/{name}`, and `POST /v1/segments/preview`
/// (an expression → how many customers match, and a sample, for an editor).
struct SegmentRoutes {
    let store: StrataStore
    let live: LiveAnalysis
    /// The longest expression accepted.
    static let maximumBytes = 65_536

    struct Problems: Encodable {
        var problems: [SegmentDefinitions.Problem]
    }

    struct Saved: Encodable {
        var name: String
        var dataVersion: Int

        enum CodingKeys: String, CodingKey {
            case name
            case dataVersion = "data_version"
        }
    }

    struct Preview: Encodable {
        var count: Int
        var share: Double
        var sample: [String]
    }

    func add(to group: RouterGroup<StrataRequestContext>) {
        group.post("segments/preview") { request, context in try await preview(request, context) }
        group.put("segments/:name") { request, context in try await put(request, context) }
        group.delete("segments/:name") { request, context in try await delete(request, context) }
    }

    func name(_ context: StrataRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        let name = raw.removingPercentEncoding ?? raw
        if let problem = SegmentDefinitions.nameProblem(name) { throw APIError(.badRequest, "'\(name)': \(problem)") }
        return name
    }

    func expression(_ request: Request) async throws -> String {
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: Self.maximumBytes) } catch {
            throw APIError(.contentTooLarge, "a segment's expression has at most \(Self.maximumBytes) bytes")
        }
        let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw APIError(.badRequest, "the body is the segment's expression, e.g. m_score >= 4 and recency_days > 180") }
        return text
    }

    /// The fields a definition may use: those of the current analysis.
    func analysis() throws -> Analysis { try live.served().analysis }

    func checked(_ definitions: SegmentDefinitions, _ analysis: Analysis, status: HTTPResponse.Status = .unprocessableContent) throws -> CheckedRules {
        do { return try definitions.check(schema: RuleSchema(analysis.catalog)) } catch {
            throw ProblemsError(status: status, problems: error.problems)
        }
    }

    func put(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.segmentsWrite)
        let name = try name(context)
        let definition = SegmentDefinitions.Definition(name: name, expression: try await expression(request))
        var definitions = try store.segmentDefinitions()
        if let k = definitions.definitions.firstIndex(where: { $0.name == name }) { definitions.definitions[k] = definition } else { definitions.definitions.append(definition) }
        _ = try checked(definitions, try analysis())
        try store.putSegment(definition)
        return try .json(Saved(name: name, dataVersion: reanalyse()))
    }

    func delete(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.segmentsWrite)
        let name = try name(context)
        var definitions = try store.segmentDefinitions()
        guard let k = definitions.definitions.firstIndex(where: { $0.name == name }) else {
            throw APIError(.notFound, "no custom segment '\(name)'")
        }
        definitions.definitions.remove(at: k)
        // Another segment that refers to this one keeps it.
        _ = try checked(definitions, try analysis(), status: .conflict)
        try store.deleteSegment(named: name)
        return try .json(Saved(name: name, dataVersion: reanalyse()))
    }

    /// Definitions changed: the whole store is analysed again with them; returns the data version to wait for.
    func reanalyse() throws -> Int {
        let version = try store.dataVersion()
        live.reanalyse(through: version)
        return version
    }

    func preview(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.read)
        let expression = try await expression(request)
        var definitions = try store.segmentDefinitions()
        definitions.definitions.append(.init(name: "preview", expression: expression))
        let analysis = try analysis()
        let rules = try checked(definitions, analysis)
        let members = RuleEvaluator.evaluate(rules, analysis.catalog).members.last ?? []
        let ids = analysis.dataset.customers.ids
        let count = members.lazy.filter { $0 }.count
        return try .json(Preview(count: count, share: members.isEmpty ? 0 : Double(count) / Double(members.count),
                                 sample: members.indices.lazy.filter { members[$0] }.prefix(20).map { ids.string($0) }))
    }
}

/// A definition the rule language refused: every problem with its line and column.
struct ProblemsError: HTTPResponseError {
    var status: HTTPResponse.Status
    var problems: [SegmentDefinitions.Problem]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try .json(SegmentRoutes.Problems(problems: problems), status: status)
    }
}
