import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StrataStore
import Synchronization
import Testing

/// `strata serve` killed with SIGKILL while clients send batches, then started again: every
/// acknowledged event is stored, none twice, and sending every batch again completes the rest.
@Suite struct ServerCrashTests {
    /// A running `strata serve` and the port it listens on.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int

        init(binary: String, db: String) throws {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["serve", "--db", db, "--port", "0"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
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
        let binary = try #require(CrashSafetyTests.binary, "the strata executable is built by `swift test` next to the tests")
        let dir = TempDir()
        let db = dir.path + "/live.db"
        let key = try StrataStore(path: db).createKey(name: "load", scopes: [.ingest]).secret
        let server = try Server(binary: binary, db: db)
        let clients = 6, batches = 100
        let progress = AnsweredCount()
        // Each client sends its batches in order until the server goes away; acknowledged[c] counts its answered ones.
        let acknowledged = await withTaskGroup(of: (client: Int, answered: Int).self) { group in
            for client in 0..<clients {
                group.addTask {
                    var answered = 0
                    for k in 0..<batches {
                        guard await Self.send(Self.batch(client, k), port: server.port, key: key) == 50 else { break }
                        answered += 1
                        progress.count.withLock { $0 += 1 }
                    }
                    return (client, answered)
                }
            }
            // Killed once a tenth of the batches are answered, while the rest are in flight.
            group.addTask {
                while progress.count.withLock({ $0 }) < clients * batches / 10 { try? await Task.sleep(for: .milliseconds(2)) }
                server.kill()
                return (-1, 0)
            }
            return await group.reduce(into: [Int: Int]()) { $0[$1.client] = $1.answered }
        }
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
