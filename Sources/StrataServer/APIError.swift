import Foundation
import Hummingbird

/// An API failure answered as JSON: `{"error": {"status": 403, "message": "…"}}`, with headers
/// such as `Retry-After` where one applies.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: [String: AnyCodableValue]] = ["error": ["status": .int(Int(status.code)), "message": .string(message)]]
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder.api.encode(body))))
    }
}

/// A JSON scalar, for small hand-built bodies.
enum AnyCodableValue: Encodable, Sendable {
    case int(Int)
    case string(String)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .int(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        }
    }
}

extension JSONEncoder {
    /// The API's encoder: keys sorted, so bodies are stable.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
