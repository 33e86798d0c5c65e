import Foundation
import StrataCore
import StrataPipeline
import StrataStore
import Testing

/// Waiting for the live analysis: a wait ends when its task is cancelled (the service bounds
/// how long a request waits), and an analysis of the whole store asked for is awaited by its number.
@Suite struct LiveAnalysisTests {
    /// A live analysis of a store with 60 generated customers (kept in `data`).
    struct Fixture {
        let data = DataGeneratorTests().generate(60, seed: 3)
        let live: LiveAnalysis

        init() throws {
            let store = try StrataStore(path: data.path + "/live.db")
            _ = try store.importData(try DatasetLoader(paths: InputPaths(directory: data.path)).load())
            var settings = Analysis.Settings()
            settings.asOf = DataGenerator.periodEnd
            settings.model = .none
            live = LiveAnalysis(store: store, settings: settings)
        }
    }

    @Test func aWaitEndsWhenItsTaskIsCancelled() async throws {
        let fixture = try Fixture(), live = fixture.live
        live.refresh()
        let first = try await live.snapshot(including: 0)
        // A data version no write has reached yet: waited for until the task is cancelled.
        let waiting = Task { try await live.snapshot(including: first.version + 1) }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        // Cancelled before it starts to wait.
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await live.snapshot(including: first.version + 1)
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        // What is there is answered even to a cancelled task.
        let ready = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await live.snapshot(including: first.version)
        }
        #expect(try await ready.value.generation == first.generation)
    }

    @Test func anAnalysisOfTheWholeStoreIsAwaitedByItsNumber() async throws {
        let fixture = try Fixture(), live = fixture.live
        let number = live.requestWholeAnalysis()
        #expect(number == 1)
        let first = try await live.snapshot(including: 0, generation: number)
        #expect(first.generation == 1 && first.analysis.dataset.customers.count == 60)
        let next = live.requestWholeAnalysis()
        #expect(next == 2)
        #expect(try await live.snapshot(including: 0, generation: next).generation == 2)
    }
}
