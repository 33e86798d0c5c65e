import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StrataServer
import StrataStore
import Testing

/// What the service does beside the requests: a graceful shutdown delivers the webhook messages
/// already due before it ends, and the write-ahead log is copied into the database file while
/// the service runs.
@Suite struct ServerLifecycleTests {
    static func headers(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)", .contentType: "application/json"] }

    /// The delivery loop looks for due messages only every twenty minutes here: the messages
    /// written just before the shutdown are delivered by its drain, or not at all.
    @Test func aGracefulShutdownDeliversTheMessagesAlreadyDue() async throws {
        let dir = TempDir()
        let store = try StrataStore(path: dir.path + "/live.db", durable: true)
        let admin = try store.createKey(name: "ops", scopes: [.admin]).secret
        var settings = WebhookTests.settings()
        settings.deliveryPollSeconds = 1_200
        // Room for a machine busy with other tests; a quiet one drains the three in well under a second.
        settings.shutdownDrainSeconds = 60
        let inbox = WebhookTests.Inbox()
        let (receiver, port) = try await WebhookTests.receiver(port: 0, inbox: inbox)
        defer { receiver.cancel() }
        let headers = Self.headers(admin)
        let started = ContinuousClock.now
        try await StrataServer.application(store: store, settings: settings).test(.live) { client in
            let first = "[" + (1...5).map { WebhookTests.order("o\($0)", "C\($0)", 0) }.joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: first)) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/segments/Repeat", method: .put, headers: headers, body: ByteBuffer(string: "orders >= 2")) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:\#(port)/hook", "segments": ["Repeat"]}"#)) { #expect($0.status == .created) }
            let second = "[" + (1...3).map { WebhookTests.order("o\($0)b", "C\($0)", 5) }.joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: second)) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }
            #expect(try store.pendingCount() == 3)
            #expect(inbox.deliveries.withLock { $0.count } == 0)
        }
        #expect(inbox.deliveries.withLock { $0.count } == 3)
        #expect(try store.pendingCount() == 0)
        // Half the poll: a machine busy with other tests took three minutes, the next round comes after twenty.
        #expect(ContinuousClock.now - started < .seconds(600), "the shutdown waited for the delivery loop's next round")
    }

    /// A copy of the database file alone (without its write-ahead log) holds what was written a
    /// second earlier: the log was copied into it beside the writer.
    @Test func theLogIsCopiedIntoTheDatabaseFileWhileTheServiceRuns() async throws {
        let dir = TempDir()
        let path = dir.path + "/live.db"
        let store = try StrataStore(path: path, durable: true)
        let ingest = try store.createKey(name: "in", scopes: [.ingest]).secret
        var settings = ServerSettings.onLoopback
        try await StrataServer.application(store: store, settings: settings).test(.live) { client in
            let events = (1...50).map { #"{"event_id": "e\#($0)", "customer_id": "C\#($0 % 7)", "ts": "2026-10-20T10:00:00Z", "type": "visit"}"# }
            try await client.execute(uri: "/v1/events", method: .post, headers: Self.headers(ingest),
                                     body: ByteBuffer(string: "[" + events.joined(separator: ",") + "]")) { #expect($0.status == .ok) }
            var copied = 0
            for _ in 0..<200 where copied < 50 {
                try await Task.sleep(for: .milliseconds(100))
                let copy = dir.path + "/copy-\(UUID().uuidString).db"
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                // A copy taken while a checkpoint writes may be torn: the next one is read then.
                let database = try? DatabaseQueue(path: copy)
                copied = (try? await database?.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM events") }) ?? 0
            }
            #expect(copied == 50)
        }
    }
}
