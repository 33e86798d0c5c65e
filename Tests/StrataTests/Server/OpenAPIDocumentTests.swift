import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StrataServer
import StrataStore
import Testing

/// The OpenAPI document the service serves is docs/openapi.json, and every operation it
/// documents is a route of the running service.
@Suite struct OpenAPIDocumentTests {
    @Test func theServedDocumentIsTheRepositoryOneAndEveryOperationExists() async throws {
        let file = try #require(FileManager.default.contents(atPath: "\(fixtures)/../../docs/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        // (method, path) of every documented operation.
        let operations = paths.flatMap { path, item in ["get", "post", "put", "delete"].filter { item[$0] != nil }.map { ($0, path) } }.sorted { $0.1 < $1.1 }
        let dir = TempDir()
        var settings = ServerSettings.onLoopback
        try await StrataServer.application(store: try StrataStore(path: dir.path + "/live.db"), settings: settings).test(.live) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Data(buffer: response.body) == file, "the served document differs from docs/openapi.json: run scripts/embed-openapi.sh")
            }
            #expect(operations.count >= 20)
            try await client.execute(uri: "/v1/no-such-route", method: .get) { #expect($0.status == .notFound) }
            for (method, path) in operations {
                let uri = path.replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{name}", with: "rfm:champions")
                // Without a key: 401 for every /v1 route that exists (an unknown route is 404).
                try await client.execute(uri: uri, method: HTTPRequest.Method(rawValue: method.uppercased())!) { response in
                    #expect(path.hasPrefix("/v1") ? response.status == .unauthorized : response.status != .notFound, "\(method) \(path)")
                }
            }
        }
    }
}
