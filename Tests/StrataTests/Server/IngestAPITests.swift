import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import Testing

/// The live service's ingest API, on a real server on loopback with a real HTTP client: keys and
/// scopes, batches with partial success, idempotent retries, limits and the rate limit.
@Suite struct IngestAPITests {
    /// A new store with one key per scope set, and the server's settings.
    struct Fixture {
        let dir = TempDir()
        let store: StrataStore
        var keys: [String: String] = [:]

        init() throws {
            store = try StrataStore(path: dir.path + "/live.db", durable: true)
            for (name, scopes) in [("ingest", [APIScope.ingest]), ("read", [.read]), ("admin", [.admin])] {
                keys[name] = try store.createKey(name: name, scopes: Set(scopes)).secret
            }
        }

        func test(_ settings: ServerSettings = .onLoopback, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            try await StrataServer.application(store: store, settings: settings).test(.live, body)
        }

        func auth(_ name: String) -> HTTPFields { [.authorization: "Bearer \(keys[name]!)", .contentType: "application/json"] }
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
    }

    static let events = """
        [{"event_id": "e1", "customer_id": "C1", "ts": "2026-11-01T10:00:00Z", "type": "email_open", "channel": "email"},
         {"event_id": "e2", "customer_id": "C1", "ts": "2026-11-02T10:00:00Z", "type": "visit"},
         {"event_id": "e3", "customer_id": "C2", "ts": "2026-11-03T10:00:00Z", "type": "email_click", "channel": "email"},
         {"event_id": "e4", "customer_id": "C2", "ts": "yesterday", "type": "visit"}]
        """

    @Test func healthAndReadinessNeedNoKey() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func everyV1RouteNeedsALiveKeyWithItsScope() async throws {
        let fixture = try Fixture()
        let revoked = try fixture.store.createKey(name: "old", scopes: [.ingest])
        try fixture.store.revokeKey(id: revoked.key.id)
        try await fixture.test { client in
            try await client.execute(uri: "/v1/events", method: .post, body: ByteBuffer(string: Self.events)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                let error = try Self.json(response.body)["error"] as? [String: Any]
                #expect(error?["message"] as? String == "an API key is required (Authorization: Bearer sk_…)")
            }
            for secret in ["sk_nothing_here", revoked.secret] {
                try await client.execute(uri: "/v1/events", method: .post, headers: [.authorization: "Bearer \(secret)"], body: ByteBuffer(string: Self.events)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains("unknown or revoked API key"))
                }
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("read"), body: ByteBuffer(string: Self.events)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("lacks the scope 'ingest'"))
            }
            // X-API-Key works as well as a bearer token, and admin grants every scope.
            try await client.execute(uri: "/v1/events", method: .post, headers: [HTTPField.Name("X-API-Key")!: fixture.keys["admin"]!],
                                     body: ByteBuffer(string: Self.events)) { #expect($0.status == .ok) }
        }
    }

    /// A batch with one bad item stores the others and names the bad one as file ingest would; the
    /// same batch sent again stores nothing.
    @Test func aBatchIsStoredOnceAndItsBadItemsAreNamed() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: Self.events)) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                #expect(body["items"] as? Int == 4 && body["stored"] as? Int == 3 && body["already_present"] as? Int == 0)
                let rejected = try #require(body["rejected"] as? [[String: Any]])
                #expect(rejected.count == 1)
                #expect(rejected.first?["index"] as? Int == 3 && rejected.first?["field"] as? String == "ts")
                #expect(rejected.first?["reason"] as? String == RejectReason.invalidDate.rawValue && rejected.first?["value"] as? String == "yesterday")
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: Self.events)) { response in
                let body = try Self.json(response.body)
                #expect(body["stored"] as? Int == 0 && body["already_present"] as? Int == 3)
            }
            // One object, not an array; an order for a customer not seen before adds the customer.
            let order = #"{"order_id": "o1", "customer_id": "C3", "ts": "2026-11-04T09:30:00Z", "amount": 19.99}"#
            try await client.execute(uri: "/v1/orders", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: order)) { response in
                let stored = try Self.json(response.body)["stored"] as? Int
                #expect(stored == 1)
            }
        }
        let counts = try fixture.store.counts()
        #expect(counts.events == 3 && counts.orders == 1 && counts.customers == 3)
    }

    /// Customers sent again are updated: the attributes they name change, the others stay.
    @Test func customersAreUpdatedByWhatTheyName() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            for body in [#"{"customer_id": "C1", "signup_date": "2026-01-05", "city": "Oslo", "plan": "pro"}"#, #"{"customer_id": "C1", "city": "Bergen"}"#] {
                try await client.execute(uri: "/v1/customers", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: body)) {
                    #expect($0.status == .ok)
                }
            }
        }
        let row = try fixture.store.read { db in try String.fetchOne(db, sql: "SELECT attributes FROM customers WHERE customer_id = 'C1'") }
        let text = try #require(row)
        let attributes = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(attributes == ["city": "Bergen", "plan": "pro"])
    }

    @Test func oversizedAndMalformedBodiesAreRefused() async throws {
        let fixture = try Fixture()
        var settings = ServerSettings.onLoopback
        settings.limits.bodyBytes = 2_000
        settings.limits.items = 3
        settings.limits.itemBytes = 300
        try await fixture.test(settings) { client in
            let event = #"{"event_id": "eX", "customer_id": "C1", "ts": "2026-11-01T10:00:00Z", "type": "visit"}"#
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("[" + Array(repeating: event, count: 30).joined(separator: ",") + "]", .contentTooLarge, "over 2000 bytes"),
                ("[" + Array(repeating: event, count: 4).joined(separator: ",") + "]", .contentTooLarge, "more than 3 items"),
                (#"{"event_id": "e1", "customer_id": "C1", "note": ""# + String(repeating: "x", count: 400) + #""}"#, .contentTooLarge, "item 0 has"),
                ("[" + event + ",", .badRequest, "expected an object"),
                ("\"just a string\"", .badRequest, "expected a JSON object or an array of objects"),
            ]
            for (body, status, message) in cases {
                try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(message)")
                    #expect(String(buffer: response.body).contains(message), "\(String(buffer: response.body))")
                }
            }
        }
        #expect(try fixture.store.counts().events == 0)
    }

    /// A body over the limit is refused while the client is still sending it: announced by its
    /// length, or streamed in chunks past the limit, the answer is 413 though the rest of the body
    /// never comes (the connection stays open on the client's side).
    @Test func aBodyOverTheLimitIsRefusedBeforeItIsSentInFull() async throws {
        let fixture = try Fixture()
        var settings = ServerSettings.onLoopback
        settings.limits.bodyBytes = 2_000
        let key = try #require(fixture.keys["ingest"])
        try await fixture.test(settings) { client in
            let port = try #require(client.port)
            let head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nContent-Type: application/json\r\n"
            let announced = try await Self.answerWhileSending(port: port, head + "Content-Length: 50000000\r\n\r\n" + String(repeating: " ", count: 1_000))
            #expect(announced.hasPrefix("HTTP/1.1 413"), "\(announced.prefix(200))")
            let chunk = String(repeating: " ", count: 3_000)
            let streamed = try await Self.answerWhileSending(port: port, head + "Transfer-Encoding: chunked\r\n\r\n" + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
            #expect(streamed.hasPrefix("HTTP/1.1 413"), "\(streamed.prefix(200))")
            #expect(streamed.contains("over 2000 bytes"))
        }
    }

    /// Sends `request` over a new connection to the server on loopback, leaves the connection
    /// open, and returns what the server answers within ten seconds. The socket's calls block, so
    /// they run on a dispatch thread, never on one the server's tasks need.
    static func answerWhileSending(port: Int, _ request: String) async throws -> String {
        try await withCheckedThrowingContinuation { answer in
            DispatchQueue.global().async { answer.resume(with: Result { try Self.blockingAnswer(port: port, request) }) }
        }
    }

    static func blockingAnswer(port: Int, _ request: String) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while !isWhole(answer) {
            let n = recv(socket, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Whether `bytes` hold a whole HTTP response: its head, and as many body bytes as its
    /// Content-Length says.
    static func isWhole(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let length = text[..<end.lowerBound].split(separator: "\r\n").compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }.first ?? 0
        return text[end.upperBound...].utf8.count >= length
    }

    @Test func metricsCountRequestsIngestAndLatency() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: Self.events)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("read"), body: ByteBuffer(string: Self.events)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                for line in [#"strata_http_requests_total{route="/v1/events",method="POST",status="200"} 1"#,
                             #"strata_http_requests_total{route="/v1/events",method="POST",status="403"} 1"#,
                             #"strata_http_request_duration_seconds_count{route="/v1/events"} 2"#,
                             #"strata_ingest_stored_total{table="events"} 3"#, #"strata_ingest_rejected_total{table="events"} 1"#,
                             "strata_outbox_pending 0"] {
                    #expect(text.contains(line + "\n"), "\(line) in:\n\(text)")
                }
            }
        }
    }

    /// A write is served once its customers are analysed: the state says so, and the metrics
    /// count the time it took.
    @Test func theServedStateIncludesAWriteOnceItIsAnalysed() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            try await client.execute(uri: "/v1/analysis", method: .get, headers: fixture.auth("admin")) { #expect($0.status == .serviceUnavailable) }
            let version = try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: Self.events)) { response in
                try #require(try Self.json(response.body)["data_version"] as? Int)
            }
            try await client.executeAwaitingAnalysis(uri: "/v1/customers/C2?consistent=true", method: .get, headers: fixture.auth("read")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/analysis", method: .get, headers: fixture.auth("read")) { response in
                let state = try Self.json(response.body)
                #expect((state["data_version"] as? Int ?? 0) >= version)
                #expect(state["customers"] as? Int == 2)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let count = String(buffer: response.body).split(separator: "\n").first { $0.hasPrefix("strata_write_visible_seconds_count ") }
                #expect(count.flatMap { Int($0.split(separator: " ")[1]) } ?? 0 >= 1)
            }
            try await client.execute(uri: "/v1/analysis/refresh", method: .post, headers: fixture.auth("read")) { #expect($0.status == .forbidden) }
        }
    }

    /// A request that waits for an analysis answers within the server's wait (here none): a
    /// consistent read that needs nothing new at once, a refresh with 202 and the number of the
    /// analysis, which `GET /v1/analysis` shows once it is served.
    @Test func aRefreshThatTakesLongerThanTheWaitIsAccepted() async throws {
        let fixture = try Fixture()
        var settings = ServerSettings.onLoopback
        settings.consistentWaitSeconds = 0
        try await fixture.test(settings) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: Self.events)) { #expect($0.status == .ok) }
            var served = 0
            for _ in 0..<3_000 where served == 0 {
                try await client.execute(uri: "/v1/analysis", method: .get, headers: fixture.auth("read")) { response in
                    if response.status == .ok { served = try #require(try Self.json(response.body)["whole_analyses"] as? Int) }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(served >= 1)
            try await client.execute(uri: "/v1/customers/C1?consistent=true", method: .get, headers: fixture.auth("read")) { #expect($0.status == .ok) }
            let number = try await client.execute(uri: "/v1/analysis/refresh", method: .post, headers: fixture.auth("admin")) { response in
                #expect(response.status == .accepted)
                #expect(response.headers[.location] == "/v1/analysis")
                return try #require(try Self.json(response.body)["whole_analyses"] as? Int)
            }
            #expect(number > served)
            for _ in 0..<3_000 where served < number {
                try await Task.sleep(for: .milliseconds(100))
                served = try await client.execute(uri: "/v1/analysis", method: .get, headers: fixture.auth("read")) { try Self.json($0.body)["whole_analyses"] as? Int ?? 0 }
            }
            #expect(served >= number, "the refresh asked for is served")
        }
    }

    /// Erasure through the API leaves no byte of the customer in the database file or its log.
    @Test func erasureLeavesNoByteOfTheCustomer() async throws {
        let fixture = try Fixture()
        let marker = "ERASE-ME-7f3a9c"
        // Attribute values with bytes of their own, not the id's.
        let (email, city) = ("qx51be2d@mail.test", "Qzyx-0b7e4")
        let path = fixture.store.path
        @Sendable func bytesOnDisk() -> Data { [path, path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }.reduce(Data(), +) }
        var settings = ServerSettings.onLoopback
        settings.webhookTarget = WebhookTarget(allowedHosts: ["127.0.0.1"])
        settings.retryDelays = [3_600]
        try await fixture.test(settings) { client in
            try await client.execute(uri: "/v1/customers", method: .post, headers: fixture.auth("ingest"),
                                     body: ByteBuffer(string: #"[{"customer_id": "\#(marker)", "email": "\#(email)", "city": "\#(city)"}, {"customer_id": "C9"}]"#)) {
                #expect($0.status == .ok)
            }
            func visits(_ range: Range<Int>) -> String {
                "[" + range.map { #"{"event_id": "x\#($0)", "customer_id": "\#(marker)", "ts": "2026-11-01T10:00:\#(10 + $0)Z", "type": "visit"}"# }.joined(separator: ",") + "]"
            }
            let keep = #"{"event_id": "keep", "customer_id": "C9", "ts": "2026-11-01T10:00:00Z", "type": "visit"}"#
            for body in [visits(0..<30), keep] {
                try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: body)) { #expect($0.status == .ok) }
            }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: fixture.auth("read")) { #expect($0.status == .ok) }
            // The day's snapshot, which the service keeps in the background, holds them too.
            for _ in 0..<3_000 where try fixture.store.snapshots().last?.customers != 2 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try fixture.store.snapshot(asOf: try #require(fixture.store.snapshots().last).asOf).contains { $0.customerID == marker })
            // A webhook whose receiver never answers: the customer's entry into "Visitors" (a 31st
            // event) waits in the outbox.
            try await client.execute(uri: "/v1/segments/Visitors", method: .put, headers: fixture.auth("admin"), body: ByteBuffer(string: "count(events) >= 31")) {
                #expect($0.status == .ok)
            }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: fixture.auth("read")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/webhooks", method: .post, headers: fixture.auth("admin"),
                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:9/hook", "segments": ["Visitors"]}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: visits(30..<31))) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: fixture.auth("read")) { #expect($0.status == .ok) }
            let waiting = { try fixture.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE body LIKE ?", arguments: ["%\(marker)%"]) ?? 0 } }
            for _ in 0..<200 where try waiting() == 0 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try waiting() == 1)
            for text in [marker, email, city] { #expect(bytesOnDisk().range(of: Data(text.utf8)) != nil, "\(text)") }
            try await client.execute(uri: "/v1/customers/\(marker)", method: .delete, headers: fixture.auth("ingest")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("'admin'"))
            }
            try await client.execute(uri: "/v1/customers/\(marker)", method: .delete, headers: fixture.auth("admin")) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let deleted = try Self.json(response.body)["rows_deleted"] as? Int ?? 0
                #expect(deleted >= 34, "31 events, the customer, their snapshot row, the outbox message and membership records: \(deleted)")
            }
            try await client.execute(uri: "/v1/customers/\(marker)", method: .delete, headers: fixture.auth("admin")) { #expect($0.status == .notFound) }
            #expect(try waiting() == 0)
        }
        for text in [marker, email, city] { #expect(bytesOnDisk().range(of: Data(text.utf8)) == nil, "\(text) left on disk") }
        #expect(try fixture.store.counts().events == 1)
    }

    /// Live keys are remembered for a second (no store read per request); a key revoked meanwhile
    /// is refused once that second is over.
    @Test func aRevokedKeyIsRefusedWithinASecond() async throws {
        let fixture = try Fixture()
        let key = try fixture.store.createKey(name: "soon-revoked", scopes: [.read])
        try await fixture.test { client in
            let headers: HTTPFields = [.authorization: "Bearer \(key.secret)"]
            try await client.execute(uri: "/v1/analysis", method: .get, headers: headers) { #expect($0.status != .unauthorized) }
            try fixture.store.revokeKey(id: key.key.id)
            try await Task.sleep(for: .milliseconds(1_100))
            try await client.execute(uri: "/v1/analysis", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("unknown or revoked API key"))
            }
        }
    }

    @Test func aKeyOverItsRateGets429WithRetryAfter() async throws {
        let fixture = try Fixture()
        var settings = ServerSettings.onLoopback
        // One request every 100 s on average, two at once: the third is refused however slowly the machine runs.
        settings.requestsPerSecond = 0.01
        settings.burst = 2
        try await fixture.test(settings) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/events", method: .post, headers: fixture.auth("ingest"), body: ByteBuffer(string: "[]")) { response in
                    statuses.append(response.status)
                    // A whole token at 0.01 a second: 100 s, less the time that passed between the requests.
                    if response.status == .tooManyRequests { #expect((1...100).contains(Int(response.headers[.retryAfter] ?? "") ?? 0)) }
                }
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
        }
    }
}
