import Foundation
import StrataCore
import StrataStore
import Testing

/// Concurrent batches share transactions, and every one is stored exactly once.
@Suite struct GroupCommitWriterTests {
    @Test func concurrentBatchesShareTransactionsAndAreStoredOnce() async throws {
        let dir = TempDir()
        let writer = GroupCommitWriter(store: try StrataStore(path: dir.path + "/live.db", durable: true))
        let requests = 200
        let batches = try (0..<requests).map { r in
            let items = (0..<10).map { i in #"{"event_id": "e\#(r)-\#(i)", "customer_id": "C\#(r % 17)", "ts": "2026-11-01T10:00:\#(10 + i)Z", "type": "visit"}"# }
            return try APIBatch.read(Array(("[" + items.joined(separator: ",") + "]").utf8), kind: .events)
        }
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for batch in batches { group.addTask { try await writer.append(batch) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.map(\.stored).reduce(0, +) == requests * 10)
        #expect(writer.transactions < requests, "\(writer.transactions) transactions for \(requests) requests")
        // The same batches again: nothing new.
        let again = try await writer.append(batches[0])
        #expect(again.stored == 0 && again.alreadyPresent == 10)
        #expect(try writer.store.counts().events == requests * 10)
    }
}
