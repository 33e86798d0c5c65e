import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StrataStore
import Synchronization
import Testing

/// `strata serve` killed with SIGKILL while clients send batches, then started again: every
/// acknowledged event is stored, none twice, and sending every batch again completes the rest.
/// Stopped with SIGTERM instead, it writes and answers every request it took, and exits cleanly.
@Suite struct ServerCrashTests {
    /// A running `strata serve` and the port it listens on.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int

        /// Starts the server; its log goes to the file `log` when given.
        init(binary: String, db: String, options: [String] = [], log: String? = nil) throws {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", "--db", db, "--port", "0"] + options
            let output = Pipe()
            process.standardOutput = output
            if let log {
                FileManager.default.createFile(atPath: log, contents: nil)
                process.standardError = FileHandle(forWritingAtPath: log)
            } else {
                process.standardError = FileHandle.nullDevice
            }
            try process.run()
            // The first line names the address: "strata serve: listening on http://127.0.0.1:PORT (store …)".
            var line = Data()
            while !line.contains(0x0A) {
                let byte = output.fileHandleForReading.readData(ofLength: 1)
                guard !byte.isEmpty else { throw CocoaError(.fileReadUnknown) }
                line += byte
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                  let port = Int(text[range].split(separator: ":")[1]) else { throw CocoaError(.fileReadCorruptFile) }
            self.port = port
        }

        func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Batches answered so far, over every client.
    final class AnsweredCount: Sendable {
        let count = Mutex(0)
    }

    /// `strata serve` on a new store in a new folder, with a key of scope `ingest`.
    static func started() throws -> (binary: String, dir: TempDir, server: Server, key: String) {
        let binary = try #require(CrashSafetyTests.binary, "the strata executable is built by `swift test` next to the tests")
        let dir = TempDir()
        let key = try StrataStore(path: dir.path + "/live.db").createKey(name: "load", scopes: [.ingest]).secret
        return (binary, dir, try Server(binary: binary, db: dir.path + "/live.db"), key)
    }

    static func batch(_ client: Int, _ k: Int) -> Data {
        let items = (0..<50).map { i in
            #"{"event_id": "c\#(client)-b\#(k)-\#(i)", "customer_id": "C\#(client * 100 + i)", "ts": "2026-11-01T10:\#(10 + k % 50):\#(10 + i)Z", "type": "visit"}"#
        }
        return Data(("[" + items.joined(separator: ",") + "]").utf8)
    }

    /// Sends a batch; the number of events the server stored, or nil when it did not answer 200.
    static func send(_ body: Data, port: Int, key: String) async -> Int? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/events")!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              (response as? HTTPURLResponse)?.statusCode == 200,
              let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (answer["stored"] as? Int).map { $0 + (answer["already_present"] as? Int ?? 0) }
    }

    @Test func noAcknowledgedEventIsLostOrStoredTwiceAfterSIGKILL() async throws {
        let (binary, dir, server, key) = try Self.started()
        let db = dir.path + "/live.db"
        let clients = 6, batches = 100
        let acknowledged = await Self.ingest(clients: clients, batches: batches, port: server.port, key: key) { server.kill() }
        let answered = (0..<clients).reduce(0) { $0 + acknowledged[$1]! }
        print("answered \(answered) of \(clients * batches) batches before SIGKILL")
        #expect(answered > 0 && answered < clients * batches, "the kill should land mid-ingest (\(answered) batches answered)")

        let store = try StrataStore(path: db)
        #expect(try store.integrityCheck() == "ok")
        // Every acknowledged event is there (whole batches only: a batch is one transaction).
        for client in 0..<clients {
            for k in 0..<acknowledged[client]! {
                let found = try store.read { db in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE event_key LIKE ?", arguments: ["c\(client)-b\(k)-%"])
                }
                #expect(found == 50, "acknowledged batch \(k) of client \(client): \(found ?? 0) of 50 events stored")
            }
        }
        let stored = try store.counts().events
        #expect(stored >= answered * 50 && stored % 50 == 0, "\(stored) events for \(answered) acknowledged batches")

        // Started again, every batch is sent again: the rest is stored, nothing twice.
        let restarted = try Server(binary: binary, db: db)
        defer { restarted.kill() }
        var again = 0
        for client in 0..<clients {
            for k in 0..<batches { again += await Self.send(Self.batch(client, k), port: restarted.port, key: key) ?? 0 }
        }
        #expect(again == clients * batches * 50)
        #expect(try store.counts().events == clients * batches * 50)
    }
}

extension ServerCrashTests {
    /// Each of `clients` sends its `batches` in order until the server stops answering; `stop`
    /// runs once a tenth of all batches are answered, while the rest are in flight. Returns how
    /// many batches each client had answered.
    static func ingest(clients: Int, batches: Int, port: Int, key: String, stop: @escaping @Sendable () -> Void) async -> [Int: Int] {
        let progress = AnsweredCount()
        return await withTaskGroup(of: (client: Int, answered: Int).self) { group in
            for client in 0..<clients {
                group.addTask {
                    var answered = 0
                    for k in 0..<batches {
                        guard await Self.send(Self.batch(client, k), port: port, key: key) == 50 else { break }
                        answered += 1
                        progress.count.withLock { $0 += 1 }
                    }
                    return (client, answered)
                }
            }
            group.addTask {
                while progress.count.withLock({ $0 }) < clients * batches / 10 { try? await Task.sleep(for: .milliseconds(2)) }
                stop()
                return (-1, 0)
            }
            return await group.reduce(into: [Int: Int]()) { $0[$1.client] = $1.answered }
        }
    }

    /// The service logs its steps to stderr as structured lines (swift-log's stream handler: the
    /// level, then the metadata as key=value pairs, then the message): at debug level each
    /// analysis with its data version and customers, at info the day's snapshot.
    @Test func theServiceLogsItsStepsAsStructuredLines() async throws {
        let binary = try #require(CrashSafetyTests.binary, "the strata executable is built by `swift test` next to the tests")
        let dir = TempDir()
        let db = dir.path + "/live.db", log = dir.path + "/serve.log"
        let key = try StrataStore(path: db).createKey(name: "ops", scopes: [.ingest, .read]).secret
        let server = try Server(binary: binary, db: db, options: ["--log-level", "debug", "--as-of", "2026-11-01"], log: log)
        defer { if server.process.isRunning { server.kill() } }
        #expect(await Self.send(Self.batch(0, 0), port: server.port, key: key) == 50)
        #expect(try await Self.call("GET", "/v1/segments?consistent=true", port: server.port, key: key).0 == 200)
        for _ in 0..<300 where try StrataStore(path: db).snapshots().last?.customers != 50 { try await Task.sleep(for: .milliseconds(50)) }
        Foundation.kill(server.process.processIdentifier, SIGTERM)
        for _ in 0..<600 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let snapshot = lines.first { $0.contains("daily snapshot kept") }
        #expect(snapshot?.contains(" info ") == true && snapshot?.contains("customers=50") == true && snapshot?.contains("as_of=2026-11-01") == true,
                "\(snapshot ?? "no snapshot line")")
        let analysed = lines.filter { $0.contains(" debug ") && ($0.contains("whole analysis") || $0.contains("customers analysed")) }
        #expect(analysed.contains { $0.contains("data_version=") && $0.contains("customers=") }, "\(lines.prefix(5))")
    }

    /// Stopped with SIGTERM while clients send batches, the server finishes the requests it took:
    /// it exits with status 0, and the store holds exactly the acknowledged batches — none
    /// written without its answer, none answered without being written.
    @Test func aGracefulStopWritesAndAnswersEveryRequestItTook() async throws {
        let (_, dir, server, key) = try Self.started()
        let db = dir.path + "/live.db"
        let clients = 6, batches = 100
        let acknowledged = await Self.ingest(clients: clients, batches: batches, port: server.port, key: key) {
            Foundation.kill(server.process.processIdentifier, SIGTERM)
        }
        // A minute at most to finish what it took; then it is killed, and the test fails.
        for _ in 0..<600 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        if server.process.isRunning {
            server.kill()
            Issue.record("strata serve did not stop within a minute of SIGTERM")
            return
        }
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        let answered = acknowledged.values.reduce(0, +)
        #expect(answered > 0 && answered < clients * batches, "the stop should land mid-ingest (\(answered) batches answered)")
        let store = try StrataStore(path: db)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.counts().events == answered * 50, "\(answered) batches answered")
    }
}

extension ServerCrashTests {
    /// A request to the server; its status and body.
    /// A request's status and body; a read is sent again while the analysis it needs is still
    /// running (503 with `Retry-After`), for up to five minutes.
    static func call(_ method: String, _ path: String, port: Int, key: String, body: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body.map { Data($0.utf8) }
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        let deadline = ContinuousClock.now + .seconds(300)
        while true {
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as? HTTPURLResponse
            guard method == "GET", http?.statusCode == 503, http?.value(forHTTPHeaderField: "Retry-After") != nil, .now < deadline else {
                return (http?.statusCode ?? 0, data)
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Membership changes waiting in the outbox when the server is killed are delivered after it
    /// starts again, each once.
    @Test func theOutboxResumesAfterSIGKILL() async throws {
        let binary = try #require(CrashSafetyTests.binary, "the strata executable is built by `swift test` next to the tests")
        let dir = TempDir()
        let db = dir.path + "/live.db"
        let key = try StrataStore(path: db).createKey(name: "ops", scopes: [.admin]).secret
        let inbox = WebhookTests.Inbox()
        let (probe, port) = try await WebhookTests.receiver(port: 0, inbox: inbox)
        probe.cancel()
        _ = try? await probe.value
        let options = ["--allow-webhook-host", "127.0.0.1", "--as-of", "2026-11-01"]
        let server = try Server(binary: binary, db: db, options: options)
        func orders(_ suffix: String, _ customers: ClosedRange<Int>, day: Int) -> String {
            "[" + customers.map { #"{"order_id": "o\#($0)\#(suffix)", "customer_id": "C\#($0)", "ts": "2026-10-\#(day)T12:00:00Z", "amount": 25}"# }.joined(separator: ",") + "]"
        }
        #expect(try await Self.call("POST", "/v1/orders", port: server.port, key: key, body: orders("a", 1...5, day: 10)).0 == 200)
        #expect(try await Self.call("GET", "/v1/segments?consistent=true", port: server.port, key: key).0 == 200)
        #expect(try await Self.call("PUT", "/v1/segments/Repeat", port: server.port, key: key, body: "orders >= 2").0 == 200)
        #expect(try await Self.call("GET", "/v1/segments?consistent=true", port: server.port, key: key).0 == 200)
        let (status, registered) = try await Self.call("POST", "/v1/webhooks", port: server.port, key: key,
                                                       body: #"{"url": "http://127.0.0.1:\#(port)/hook", "segments": ["Repeat"]}"#)
        #expect(status == 201)
        let secret = try #require((try JSONSerialization.jsonObject(with: registered) as? [String: Any])?["secret"] as? String)
        #expect(try await Self.call("POST", "/v1/orders", port: server.port, key: key, body: orders("b", 1...3, day: 20)).0 == 200)
        #expect(try await Self.call("GET", "/v1/segments?consistent=true", port: server.port, key: key).0 == 200)
        server.kill()
        #expect(try StrataStore(path: db).pendingCount() == 3)

        let (receiver, _) = try await WebhookTests.receiver(port: port, inbox: inbox)
        defer { receiver.cancel() }
        let restarted = try Server(binary: binary, db: db, options: options)
        defer { restarted.kill() }
        // The first attempt failed before the kill; the retry is due 5 s after it.
        for _ in 0..<300 where inbox.deliveries.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(300))
        let got = inbox.deliveries.withLock { $0 }
        #expect(got.count == 3 && Set(got.map(\.id)).count == 3, "\(got.map(\.id))")
        for delivery in got {
            #expect(WebhookTests.verify(secret: secret, id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, signature: delivery.signature))
        }
        #expect(try StrataStore(path: db).pendingCount() == 0)
    }
}
