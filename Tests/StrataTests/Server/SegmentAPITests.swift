import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataPipeline
import StrataServer
import StrataStore
import Testing

/// Custom segments through the API: checked by the rule language (422 at the line and column),
/// previewed, saved, served in customers and member lists, and deleted unless another refers to it.
@Suite struct SegmentAPITests {
    @Test func segmentsAreCheckedPreviewedSavedAndDeleted() async throws {
        let data = DataGeneratorTests().generate(400, seed: 8)
        let dir = TempDir()
        let store = try StrataStore(path: dir.path + "/live.db", durable: true)
        var loader = DatasetLoader(paths: InputPaths(directory: data.path))
        loader.keepRowIDs = true
        _ = try store.importData(try loader.load())
        // Two snapshots: the size history of RFM's segments.
        let earlier = DataGenerator.periodEnd - 90 * 86_400
        for asOf in [earlier, DataGenerator.periodEnd] { _ = try StoreHistory.takeSnapshot(path: store.path, asOf: asOf, model: .none) }
        let writer = try store.createKey(name: "editor", scopes: [.read, .segmentsWrite]).secret
        let reader = try store.createKey(name: "viewer", scopes: [.read]).secret
        let ingestOnly = try store.createKey(name: "feed", scopes: [.ingest]).secret
        var settings = ServerSettings.onLoopback
        settings.analysis.asOf = DataGenerator.periodEnd
        settings.analysis.insights = nil
        // The same segment evaluated by a batch run, for comparison.
        let rules = dir.path + "/rules.strata"
        try "segment \"Big spenders\" =\n    revenue > 500 and orders >= 3\n".write(toFile: rules, atomically: true, encoding: .utf8)
        var batchSettings = settings.analysis
        batchSettings.segmentsFile = rules
        let batch = try Analysis.run(.files(InputPaths(directory: data.path)), settings: batchSettings)
        let expected = try #require(batch.custom).members[0]
        let expectedIDs = expected.indices.filter { expected[$0] }.map { batch.dataset.customers.ids.string($0) }

        let auth: @Sendable (String) -> HTTPFields = { [.authorization: "Bearer \($0)"] }
        try await StrataServer.application(store: store, settings: settings).test(.live) { client in
            // The first analysis of the imported rows.
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: auth(reader)) { #expect($0.status == .ok) }

            try await client.execute(uri: "/v1/segments/preview", method: .post, headers: auth(reader),
                                     body: ByteBuffer(string: "revenue > 500 and orders >= 3")) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["count"] as? Int == expectedIDs.count)
                #expect((body?["sample"] as? [String])?.allSatisfy(expectedIDs.contains) == true)
            }
            try await client.execute(uri: "/v1/segments/preview", method: .post, headers: auth(reader),
                                     body: ByteBuffer(string: "revenue > 500 and\n  ordrs >= 3")) { response in
                #expect(response.status == .unprocessableContent)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let problem = try #require((body?["problems"] as? [[String: Any]])?.first)
                #expect(problem["line"] as? Int == 2 && problem["column"] as? Int == 3, "\(problem)")
                #expect((problem["message"] as? String)?.contains("ordrs") == true)
            }
            try await client.execute(uri: "/v1/segments/Big%20spenders", method: .put, headers: auth(reader),
                                     body: ByteBuffer(string: "revenue > 500")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("segments:write"))
            }
            for (name, expression) in [("Big%20spenders", "revenue > 500 and orders >= 3"), ("Quiet%20big%20spenders", "in segment \"Big spenders\" and recency_days > 90")] {
                try await client.execute(uri: "/v1/segments/\(name)", method: .put, headers: auth(writer), body: ByteBuffer(string: expression)) {
                    #expect($0.status == .ok)
                }
            }
            var members: [String] = []
            try await client.executeAwaitingAnalysis(uri: "/v1/segments/Big%20spenders/members?consistent=true&limit=10000", method: .get, headers: auth(reader)) { response in
                #expect(response.status == .ok)
                for line in String(buffer: response.body).split(separator: "\n") {
                    members.append((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["customer_id"] ?? "")
                }
            }
            #expect(!members.isEmpty && members.sorted() == expectedIDs.sorted())
            // The same members as CSV, seven a page, each page's cursor from the one before.
            var paged: [String] = [], cursor: String?, pages = 0
            repeat {
                let uri = "/v1/segments/Big%20spenders/members?format=csv&limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(uri: uri, method: .get, headers: auth(reader)) { response in
                    #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/csv") == true)
                    let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
                    #expect(lines.first == "customer_id" && lines.count <= 8)
                    paged += lines.dropFirst()
                    return response.headers[HTTPField.Name("Next-Cursor")!]
                }
                pages += 1
            } while cursor != nil && pages < 1_000
            #expect(paged == members && pages == (members.count + 6) / 7)
            // A cursor this API did not give is refused, not followed.
            let version = try await client.execute(uri: "/v1/segments/Big%20spenders/members?limit=1", method: .get, headers: auth(reader)) { response in
                String(response.headers[HTTPField.Name("Next-Cursor")!]?.split(separator: ".").first ?? "")
            }
            for cursor in ["\(version).-1", "\(version).99999999", "\(version)", "x.1"] {
                try await client.execute(uri: "/v1/segments/Big%20spenders/members?cursor=\(cursor)", method: .get, headers: auth(reader)) { response in
                    #expect(response.status == .badRequest, "\(cursor)")
                    #expect(String(buffer: response.body).contains("is not one this API gave"), "\(cursor)")
                }
            }
            // A rule that does not parse is refused on saving too, at its line and column.
            try await client.execute(uri: "/v1/segments/Broken", method: .put, headers: auth(writer),
                                     body: ByteBuffer(string: "orders >= 2 and\n  recncy_days < 30")) { response in
                #expect(response.status == .unprocessableContent)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let problem = try #require((body?["problems"] as? [[String: Any]])?.first)
                #expect(problem["line"] as? Int == 2 && problem["column"] as? Int == 3, "\(problem)")
            }
            // Reading needs the read scope.
            try await client.execute(uri: "/v1/segments", method: .get, headers: auth(ingestOnly)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("'read'"))
            }
            try await client.execute(uri: "/v1/customers/\(members[0])?explain=true", method: .get, headers: auth(reader)) { response in
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((body?["custom_segments"] as? [String])?.contains("Big spenders") == true)
                // The rule trace, as `strata explain` prints it.
                let explanation = body?["explanation"] as? [String: String]
                #expect(explanation?["custom"]?.contains("Big spenders") == true && explanation?["custom"]?.contains("revenue") == true)
                #expect(explanation?["built_in"]?.isEmpty == false)
            }
            // A segment's size, revenue share and size over the snapshots.
            try await client.execute(uri: "/v1/segments/rfm:champions", method: .get, headers: auth(reader)) { response in
                #expect(response.status == .ok)
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let champions = batch.segmentation.rfm.filter { $0 == .champions }.count
                #expect(body["scheme"] as? String == "rfm" && body["segment"] as? String == "Champions" && body["size"] as? Int == champions)
                let history = try #require(body["size_history"] as? [[String: Any]])
                #expect(history.map { $0["as_of"] as? String } == [Timestamp.isoDate(day: earlier / 86_400), "2024-06-30"])
                #expect(history.last?["size"] as? Int == champions)
                #expect((body["revenue_share"] as? Double ?? 0) > (body["share"] as? Double ?? 1))
            }
            try await client.execute(uri: "/v1/segments/Big%20spenders", method: .get, headers: auth(reader)) { response in
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["scheme"] as? String == "custom" && body?["size"] as? Int == expectedIDs.count)
                #expect((body?["size_history"] as? [Any])?.isEmpty == true)
            }
            // Referred to by another: kept.
            try await client.execute(uri: "/v1/segments/Big%20spenders", method: .delete, headers: auth(writer)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("Quiet big spenders"))
            }
            for name in ["Quiet%20big%20spenders", "Big%20spenders"] {
                try await client.execute(uri: "/v1/segments/\(name)", method: .delete, headers: auth(writer)) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/segments/Big%20spenders", method: .delete, headers: auth(writer)) { #expect($0.status == .notFound) }
        }
        #expect(try store.segmentDefinitions().definitions.isEmpty)
    }
}
