import Foundation
import Hummingbird
import StrataCore
import StrataPipeline
import StrataStore

/// What `POST /v1/customers|orders|events` answers: how many items came, how many rows were new
/// to the store, how many it held already (a retry), repeats within the body, and every
/// rejected item with its index, field and reason.
struct IngestResponse: Encodable, Sendable {
    var items: Int
    var stored: Int
    var alreadyPresent: Int
    var duplicates: Int
    var rejected: [APIBatch.Rejection]
    /// The data version of this write: `GET …?consistent=true` answers from an analysis that includes it.
    var dataVersion: Int

    enum CodingKeys: String, CodingKey {
        case items, stored, duplicates, rejected
        case alreadyPresent = "already_present", dataVersion = "data_version"
    }

    /// The JSON `JSONEncoder.api` writes, written directly: this answer goes with every write,
    /// and Foundation's encoder took a tenth of the service's time at 1,000 single events a second.
    var json: String {
        var out = "{\"already_present\":\(alreadyPresent),\"data_version\":\(dataVersion),\"duplicates\":\(duplicates),"
        out += "\"items\":\(items),\"rejected\":["
        for (i, r) in rejected.enumerated() {
            if i > 0 { out += "," }
            out += "{\"expected\":\(jsonString(r.expected)),\"field\":\(jsonString(r.field)),\"index\":\(r.index),"
            out += "\"reason\":\(jsonString(r.reason)),\"value\":\(jsonString(r.value))}"
        }
        return out + "],\"stored\":\(stored)}"
    }
}

/// The ingest endpoints: one item or a batch, limits checked before the body is read in full,
/// rows group-committed, the answer sent once they are durable.
struct IngestRoutes {
    let writer: GroupCommitWriter
    let limits: APIBatch.Limits
    let futureSlack: Int64
    let live: LiveAnalysis
    let metrics: ServerMetrics

    func add(to group: RouterGroup<StrataRequestContext>) {
        for kind in TableKind.allCases {
            group.post(RouterPath(stringLiteral: kind.rawValue)) { request, context in
                try await ingest(kind, request, context)
            }
        }
        group.delete("customers/:id") { request, context in try await erase(request, context) }
    }

    /// `DELETE /v1/customers/{id}` (scope `admin`): erasure. Every row of the customer goes, in one
    /// transaction, with its membership records and undelivered webhook messages; deleted pages
    /// are zeroed and the write-ahead log is truncated, retried while a reader holds it.
    func erase(_ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.admin)
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        var rows: Int?
        for attempt in 0..<50 {
            switch Self.forget(id, in: writer.store) {
            case let .erased(count): rows = count
            case .unknown:
                // Deleted by an earlier attempt whose log truncation waited for a reader: done now.
                if attempt == 0 { throw APIError(.notFound, "no customer '\(id)' in the store") }
                rows = 0
            case .logBusy: try await Task.sleep(for: .milliseconds(100))
            case let .failed(error): throw error
            }
            if rows != nil { break }
        }
        guard let rows else { throw APIError(.serviceUnavailable, "customer '\(id)' is deleted, but a reader kept the write-ahead log; send the request again") }
        let version = try writer.store.dataVersion()
        live.reanalyse(through: version, erasing: id)
        return try .json(["customer_id": JSONValue.string(id), "rows_deleted": .int(Int64(rows)), "data_version": .int(Int64(version))])
    }

    enum Erasure {
        case erased(Int), unknown, logBusy, failed(StoreError)
    }

    static func forget(_ id: String, in store: StrataStore) -> Erasure {
        do { return .erased(try store.forget(customer: id)) } catch {
            switch error {
            case .unknownCustomer: return .unknown
            case .erasureIncomplete: return .logBusy
            default: return .failed(error)
            }
        }
    }

    func ingest(_ kind: TableKind, _ request: Request, _ context: StrataRequestContext) async throws -> Response {
        try context.require(.ingest)
        let tooLarge = "the body is over \(limits.bodyBytes) bytes; send at most \(limits.items) items and \(limits.bodyBytes) bytes a request"
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.bodyBytes {
            throw APIError(.contentTooLarge, tooLarge)
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limits.bodyBytes) } catch { throw APIError(.contentTooLarge, tooLarge) }
        let batch: APIBatch
        do {
            batch = try APIBatch.read(Array(buffer: body), kind: kind, limits: limits,
                                      times: .upTo(now: Int64(Date().timeIntervalSince1970), futureSlack: futureSlack))
        } catch {
            throw APIError(error.isTooLarge ? .contentTooLarge : .badRequest, error.description)
        }
        let stored = try await writer.append(batch)
        let version = stored.dataVersion
        metrics.ingested(table: kind.rawValue, items: batch.items, stored: stored.stored, rejected: batch.rejected.count, duplicates: batch.duplicates)
        let answer = IngestResponse(items: batch.items, stored: stored.stored, alreadyPresent: stored.alreadyPresent,
                                    duplicates: batch.duplicates, rejected: batch.rejected, dataVersion: version)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer.json)))
    }
}
