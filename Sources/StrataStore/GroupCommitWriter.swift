import Dispatch
import Synchronization
import Foundation
import StrataCore

/// The store's one writer for live traffic: batches from concurrent requests queue up, and each
/// round writes every queued batch in one transaction (group commit), so many requests share one
/// sync to disk. `append` returns once its batch is committed, after `committed` was told of the
/// transaction (the live analysis follows every write from there).
public final class GroupCommitWriter: Sendable {
    private struct Pending {
        var batch: APIBatch
        var done: CheckedContinuation<AppendResult, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var draining = false
        var transactions = 0
    }

    /// One committed transaction: its batches, what storing each did, and its data version.
    public struct Commit: Sendable {
        public var batches: [APIBatch]
        public var results: [AppendResult]
        public var version: Int

        public init(batches: [APIBatch], results: [AppendResult], version: Int) {
            self.batches = batches
            self.results = results
            self.version = version
        }
    }

    public let store: StrataStore
    private let committed: @Sendable (Commit) -> Void
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "strata.group-commit")

    public init(store: StrataStore, committed: @escaping @Sendable (Commit) -> Void = { _ in }) {
        self.store = store
        self.committed = committed
    }

    /// Stores a batch; returns once it is committed, or throws ``StoreError``.
    public func append(_ batch: APIBatch) async throws -> AppendResult {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.pending.append(Pending(batch: batch, done: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// Transactions committed so far (each holds one or more requests' batches).
    public var transactions: Int { state.withLock { $0.transactions } }

    private func drain() {
        while true {
            let round = state.withLock { state -> [Pending] in
                let round = state.pending
                state.pending = []
                if round.isEmpty { state.draining = false } else { state.transactions += 1 }
                return round
            }
            guard !round.isEmpty else { return }
            do {
                let batches = round.map(\.batch)
                let (results, version) = try store.append(batches)
                committed(Commit(batches: batches, results: results, version: version))
                for (pending, result) in zip(round, results) { pending.done.resume(returning: result) }
            } catch {
                for pending in round { pending.done.resume(throwing: error) }
            }
        }
    }
}
