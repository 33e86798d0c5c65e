import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import Synchronization
import Testing

/// Webhooks: customers entering a watched segment are delivered, signed per Standard Webhooks,
/// to a receiver that was down for a while: every message arrives once per webhook-id; a
/// receiver that never comes back leaves dead letters that can be replayed; only allowed hosts.
@Suite struct WebhookTests {
    /// What the test receiver got: each delivery's headers and body.
    final class Inbox: Sendable {
        let deliveries = Mutex([(id: String, timestamp: String, signature: String, body: String)]())
    }

    /// A receiver on loopback at `port` (0: any), recording into `inbox`; returns its task and port.
    static func receiver(port: Int, inbox: Inbox, delay: Duration = .zero) async throws -> (Task<Void, any Error>, Int) {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            try await Task.sleep(for: delay)
            let body = try await request.body.collect(upTo: 1 << 20)
            let h = request.headers
            inbox.deliveries.withLock {
                $0.append((h[HTTPField.Name("webhook-id")!] ?? "", h[HTTPField.Name("webhook-timestamp")!] ?? "",
                           h[HTTPField.Name("webhook-signature")!] ?? "", String(buffer: body)))
            }
            return .noContent
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        var iterator = stream.makeAsyncIterator()
        return (task, await iterator.next() ?? 0)
    }

    /// The verification a receiver does (docs/server.md): HMAC-SHA256 of id.timestamp.body with
    /// the secret's bytes, compared with any of the `v1,` signatures.
    static func verify(secret: String, id: String, timestamp: String, body: String, signature: String) -> Bool {
        let key = SymmetricKey(data: Data(base64Encoded: String(secret.dropFirst(6)))!)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: key)).base64EncodedString()
        return signature.split(separator: " ").contains { $0 == "v1,\(expected)" }
    }

    /// A server on any free port, analysing as of 2026-11-01, delivering to loopback receivers.
    static func settings() -> ServerSettings {
        var settings = ServerSettings.onLoopback
        settings.analysis.asOf = Timestamp.daysFromCivil(year: 2026, month: 11, day: 1) * 86_400
        settings.analysis.insights = nil
        settings.analysis.model = .none
        settings.webhookTarget = WebhookTarget(allowedHosts: ["127.0.0.1"])
        return settings
    }

    static func order(_ id: String, _ customer: String, _ day: Int) -> String {
        #"{"order_id": "\#(id)", "customer_id": "\#(customer)", "ts": "2026-10-\#(10 + day)T12:00:00Z", "amount": 25}"#
    }

    @Test func entersAreDeliveredSignedOnceEachAfterTheReceiverComesBack() async throws {
        let dir = TempDir()
        let store = try StrataStore(path: dir.path + "/live.db", durable: true)
        let admin = try store.createKey(name: "ops", scopes: [.admin]).secret
        var settings = Self.settings()
        // About ten seconds of retries: a busy machine can take seconds to start the receiver
        // again, and a message whose retries ran out would be a dead letter instead.
        settings.retryDelays = [0.3, 0.3, 0.6, 1.2, 2.4, 4.8]
        settings.deliveryPollSeconds = 0.05
        let attempts = settings.retryDelays.count + 1

        // A port for the receiver, closed for now: deliveries fail until it starts.
        let inbox = Inbox()
        let (probe, port) = try await Self.receiver(port: 0, inbox: inbox)
        probe.cancel()
        _ = try? await probe.value

        let headers: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "application/json"]
        try await StrataServer.application(store: store, settings: settings).test(.live) { client in
            let first = "[" + (1...5).map { Self.order("o\($0)", "C\($0)", 0) }.joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: first)) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/segments/Repeat", method: .put, headers: headers, body: ByteBuffer(string: "orders >= 2")) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }

            // Only http(s) to allowed or public hosts.
            for url in ["ftp://127.0.0.1/hook", "http://10.0.0.7/hook", "http://localhost:\(port)/hook", "http://169.254.169.254/latest"] {
                let body = #"{"url": "\#(url)", "segments": ["Repeat"]}"#
                try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(url)")
                }
            }
            var secret = ""
            try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:\#(port)/hook", "segments": ["Repeat"]}"#)) { response in
                #expect(response.status == .created)
                secret = (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["secret"] as? String ?? ""
            }
            #expect(secret.hasPrefix("whsec_"))
            // A second webhook whose receiver never comes: its messages end as dead letters.
            var dead = ""
            try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:9/nothing", "segments": ["Repeat"]}"#)) { response in
                dead = ((try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["webhook"] as? [String: Any])?["id"] as? String ?? ""
            }

            // C1, C2 and C3 buy again: they enter "Repeat".
            let second = "[" + (1...3).map { Self.order("o\($0)b", "C\($0)", 5) }.joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: second)) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }

            // Until every message has been tried (and failed) at least once.
            for _ in 0..<200 where try store.read({ db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE attempts = 0") ?? 1 }) > 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(inbox.deliveries.withLock { $0.isEmpty })
            let (receiver, _) = try await Self.receiver(port: port, inbox: inbox)
            defer { receiver.cancel() }
            // Up to 20 s: on a machine busy with the other suites the next retry can take seconds.
            for _ in 0..<400 where inbox.deliveries.withLock({ Set($0.map(\.id)).count }) < 3 { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(300))
            let got = inbox.deliveries.withLock { $0 }
            // Each was tried while the receiver was down.
            #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT MIN(attempts) FROM outbox WHERE state = 'delivered'") ?? 0 } >= 2)
            #expect(got.count == 3 && Set(got.map(\.id)).count == 3, "\(got.map(\.id))")
            var customers: [String] = []
            for delivery in got {
                #expect(Self.verify(secret: secret, id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, signature: delivery.signature))
                let event = try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any]
                #expect(event?["type"] as? String == "segment.entered" && event?["segment"] as? String == "Repeat")
                #expect(event?["sequence"] as? Int == 1)
                customers.append(event?["customer_id"] as? String ?? "")
            }
            #expect(customers.sorted() == ["C1", "C2", "C3"])

            // The unreachable webhook's messages are dead after every retry, and can be replayed.
            // Each dies after its seven attempts, about ten seconds.
            for _ in 0..<600 where (try store.deadLetters(webhook: dead)).count < 3 { try await Task.sleep(for: .milliseconds(50)) }
            try await client.execute(uri: "/v1/webhooks/\(dead)/dead-letters", method: .get, headers: headers) { response in
                let letters = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]]
                #expect(letters?.count == 3 && letters?.first?["attempts"] as? Int == attempts)
            }
            try await client.execute(uri: "/v1/webhooks/\(dead)/replay", method: .post, headers: headers) { response in
                #expect(String(buffer: response.body).contains("\"replayed\":3"))
            }
        }
    }

    /// A customer leaving a watched segment is a `segment.exited` message; each customer's
    /// messages are numbered in order; after a rotation every message carries two signatures, one
    /// by each secret; and dead letters, once their receiver is back, are delivered by a replay.
    @Test func exitsAreNumberedRotationSignsTwiceAndReplayedLettersArrive() async throws {
        let dir = TempDir()
        let store = try StrataStore(path: dir.path + "/live.db", durable: true)
        let admin = try store.createKey(name: "ops", scopes: [.admin]).secret
        var settings = Self.settings()
        settings.retryDelays = [0.1, 0.1]
        settings.deliveryPollSeconds = 0.05
        let inbox = Inbox(), late = Inbox()
        let (receiver, port) = try await Self.receiver(port: 0, inbox: inbox)
        defer { receiver.cancel() }
        // A port for the second receiver, closed until its messages are dead letters.
        let (probe, latePort) = try await Self.receiver(port: 0, inbox: late)
        probe.cancel()
        _ = try? await probe.value

        let headers: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "application/json"]
        try await StrataServer.application(store: store, settings: settings).test(.live) { client in
            func write(_ orders: [String]) async throws {
                try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: "[" + orders.joined(separator: ",") + "]")) {
                    #expect($0.status == .ok)
                }
                try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }
            }
            try await write([Self.order("o1", "C1", 0), Self.order("o2", "C2", 0)])
            try await client.execute(uri: "/v1/segments/Single", method: .put, headers: headers, body: ByteBuffer(string: "orders = 1")) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { #expect($0.status == .ok) }
            var first = "", webhook = "", lateSecret = "", lateWebhook = ""
            try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:\#(port)/hook", "segments": ["Single"]}"#)) { response in
                #expect(response.status == .created)
                let answer = try Self.json(response)
                first = answer["secret"] as? String ?? ""
                webhook = (answer["webhook"] as? [String: Any])?["id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers,
                                     body: ByteBuffer(string: #"{"url": "http://127.0.0.1:\#(latePort)/hook", "segments": ["Single"]}"#)) { response in
                let answer = try Self.json(response)
                lateSecret = answer["secret"] as? String ?? ""
                lateWebhook = (answer["webhook"] as? [String: Any])?["id"] as? String ?? ""
            }
            var second = ""
            try await client.execute(uri: "/v1/webhooks/\(webhook)/rotate", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
                second = try Self.json(response)["secret"] as? String ?? ""
            }
            #expect(second.hasPrefix("whsec_") && second != first)

            // C1 leaves "Single"; C3 enters it, then leaves it.
            try await write([Self.order("o1b", "C1", 5)])
            try await write([Self.order("o3", "C3", 6)])
            try await write([Self.order("o3b", "C3", 7)])
            for _ in 0..<200 where inbox.deliveries.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(300))
            let got = inbox.deliveries.withLock { $0 }
            #expect(got.count == 3)
            var seen: [String] = []
            for delivery in got {
                #expect(delivery.signature.split(separator: " ").count == 2)
                for secret in [first, second] {
                    #expect(Self.verify(secret: secret, id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, signature: delivery.signature))
                }
                let event = try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any] ?? [:]
                seen.append("\(event["customer_id"] as? String ?? "") \(event["type"] as? String ?? "") \(event["sequence"] as? Int ?? 0)")
            }
            #expect(seen.sorted() == ["C1 segment.exited 1", "C3 segment.entered 1", "C3 segment.exited 2"])

            // The second receiver's messages die after three attempts; it starts; a replay delivers them.
            for _ in 0..<200 where (try store.deadLetters(webhook: lateWebhook)).count < 3 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try store.deadLetters(webhook: lateWebhook).count == 3)
            try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                let line = String(buffer: response.body).split(separator: "\n").first { $0.hasPrefix("strata_webhook_delivery_failures_total ") }
                #expect(Int(line?.split(separator: " ").last ?? "") ?? 0 >= 9, "three attempts at each of three messages: \(line ?? "none")")
            }
            let (lateReceiver, _) = try await Self.receiver(port: latePort, inbox: late)
            defer { lateReceiver.cancel() }
            try await client.execute(uri: "/v1/webhooks/\(lateWebhook)/replay", method: .post, headers: headers) { response in
                #expect(String(buffer: response.body).contains("\"replayed\":3"))
            }
            for _ in 0..<200 where late.deliveries.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(50)) }
            let replayed = late.deliveries.withLock { $0 }
            #expect(replayed.count == 3 && Set(replayed.map(\.id)).count == 3)
            #expect(replayed.allSatisfy { Self.verify(secret: lateSecret, id: $0.id, timestamp: $0.timestamp, body: $0.body, signature: $0.signature) })
            #expect(try store.deadLetters(webhook: lateWebhook).isEmpty)

            // Listed, and deleted one by one.
            try await client.execute(uri: "/v1/webhooks", method: .get, headers: headers) { response in
                let listed = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]] ?? []
                #expect(Set(listed.compactMap { $0["id"] as? String }) == [webhook, lateWebhook])
            }
            try await client.execute(uri: "/v1/webhooks/\(lateWebhook)", method: .delete, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/webhooks/\(lateWebhook)", method: .delete, headers: headers) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/webhooks", method: .get, headers: headers) { response in
                let listed = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]] ?? []
                #expect(listed.compactMap { $0["id"] as? String } == [webhook])
            }
        }
    }

    /// Two webhooks on one segment: a receiver that never answers (each delivery to it times out
    /// after 10 s) delays only its own messages.
    @Test func aSlowReceiverDelaysOnlyItself() async throws {
        let dir = TempDir()
        let store = try StrataStore(path: dir.path + "/live.db", durable: true)
        let admin = try store.createKey(name: "ops", scopes: [.admin]).secret
        var settings = Self.settings()
        settings.deliveryPollSeconds = 0.05
        let slow = Inbox(), fast = Inbox()
        let (slowTask, slowPort) = try await Self.receiver(port: 0, inbox: slow, delay: .seconds(120))
        let (fastTask, fastPort) = try await Self.receiver(port: 0, inbox: fast)
        defer { slowTask.cancel(); fastTask.cancel() }
        let headers: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "application/json"]
        try await StrataServer.application(store: store, settings: settings).test(.live) { client in
            let first = "[" + (1...5).map { Self.order("o\($0)", "C\($0)", 0) }.joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: first)) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { _ in }
            try await client.execute(uri: "/v1/segments/Repeat", method: .put, headers: headers, body: ByteBuffer(string: "orders >= 2")) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { _ in }
            for port in [slowPort, fastPort] {
                try await client.execute(uri: "/v1/webhooks", method: .post, headers: headers,
                                         body: ByteBuffer(string: #"{"url": "http://127.0.0.1:\#(port)/hook", "segments": ["Repeat"]}"#)) { #expect($0.status == .created) }
            }
            let second = "[" + (1...3).map { Self.order("o\($0)b", "C\($0)", 5) }.joined(separator: ",") + "]"
            try await client.execute(uri: "/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: second)) { #expect($0.status == .ok) }
            try await client.executeAwaitingAnalysis(uri: "/v1/segments?consistent=true", method: .get, headers: headers) { _ in }
            // Behind the silent receiver the third message could not arrive before two of its
            // 10-s timeouts, 20 s; alone it takes well under a second, and 18 s leaves room for a
            // machine busy with other tests.
            let deadline = ContinuousClock.now + .seconds(18)
            while fast.deliveries.withLock({ $0.count }) < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(25)) }
            #expect(fast.deliveries.withLock { $0.count } == 3, "the fast receiver waited for the silent one")
            #expect(slow.deliveries.withLock { $0.count } == 0)
        }
    }

    /// The default retries span more than a day before a message becomes a dead letter.
    @Test func retriesSpanMoreThanADay() {
        let delays = ServerSettings().retryDelays
        #expect(delays == [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000])
        #expect(delays.reduce(0, +) > 86_400)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    @Test func internalAddressesAreRecognised() async {
        let inside = ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "198.18.0.1", "198.19.255.1",
                      "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
                      "::", "::1", "fe80::1", "febf::1", "fec0::1", "fd00::1", "fc00::1", "ff02::1", "2001:db8::1",
                      "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::", "not an address",
                      "fe00::1", "3fff::1", "64:ff9b:1::a00:1", "2001:2::1", "2001::1", "100::1", "192.88.99.1"]
        for address in inside { #expect(WebhookTarget.isInternal(address), "\(address)") }
        let outside = ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "198.20.0.1", "223.255.255.255", "2606:4700::1111",
                       "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2001:4860:4860::8888", "2a00:1450::1", "3ff0::1", "3fff:1000::1"]
        for address in outside { #expect(!WebhookTarget.isInternal(address), "\(address)") }
        #expect(await WebhookTarget().problem("http://127.0.0.1/x")?.contains("not public unicast") == true)
        #expect(await WebhookTarget().problem("http://192.168.0.10/x") != nil)
        #expect(await WebhookTarget().problem("http://8.8.8.8/x") == nil)
        #expect(await WebhookTarget(allowedHosts: ["127.0.0.1"]).problem("http://127.0.0.1:8080/x") == nil)
        // Stricter: the allowed hosts only, public ones included.
        let only = WebhookTarget(allowedHosts: ["hooks.example.com"], onlyAllowedHosts: true)
        #expect(await only.problem("https://8.8.8.8/x")?.contains("not a host the operator allowed") == true)
        #expect(await only.problem("https://hooks.example.com/strata") == nil)
    }
}
