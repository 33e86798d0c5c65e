import Foundation
import StrataCore
import StrataStore
import Synchronization

/// The analysis the live service answers from: the whole store analysed as of now (or as of a
/// fixed time), by the same ``Analysis`` as `strata analyze --db`, so live membership is batch
/// membership. It is run again after new data is committed — commits that arrive during a run
/// are taken together by the next one — and on a timer, so that windows such as "no order within
/// 90 days" close as time passes, not once a day.
public final class LiveAnalysis: Sendable {
    /// One completed run: the analysis, the data version it includes (every commit numbered up to
    /// it) and when it finished.
    public struct Snapshot: Sendable {
        public let analysis: Analysis
        public let version: Int
        public let finishedAt: Date
    }

    private struct Waiter {
        var version: Int
        var done: CheckedContinuation<Snapshot, any Error>
    }

    private struct State {
        var current: Snapshot?
        /// The latest data version announced by ``changed()``.
        var latest = 0
        var running = false
        var waiters: [Waiter] = []
        /// Why the last run produced no analysis (an empty store, say).
        var problem: String?
    }

    public let store: String
    public let settings: Analysis.Settings
    /// Called with each completed run before it is served (the service records membership changes here).
    private let completed: @Sendable (Snapshot) -> Void
    /// Called when a run finds nothing to analyse or fails.
    private let failed: @Sendable (any Error) -> Void
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "strata.live-analysis")

    /// `settings.asOf` nil: each run is as of the time it starts.
    public init(store: String, settings: Analysis.Settings = Analysis.Settings(), completed: @escaping @Sendable (Snapshot) -> Void = { _ in },
                failed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = store
        self.completed = completed
        self.failed = failed
        var settings = settings
        settings.insights = nil
        self.settings = settings
    }

    /// The latest completed run, if any.
    public var current: Snapshot? { state.withLock { $0.current } }

    /// Why there is no analysis yet, if there is none.
    public var problem: String? { state.withLock { $0.problem } }

    /// Announces new data (or the passing of time): returns its version, and starts a run unless
    /// one is going, in which case the next run takes it.
    @discardableResult
    public func changed() -> Int {
        let (version, start) = state.withLock { state -> (Int, Bool) in
            state.latest += 1
            let start = !state.running
            state.running = true
            return (state.latest, start)
        }
        if start { queue.async { self.run() } }
        return version
    }

    /// The data version announced last.
    public var latestVersion: Int { state.withLock { $0.latest } }

    /// A run that includes data version `version` (waits for it); throws when that run found
    /// nothing to analyse.
    public func snapshot(including version: Int) async throws -> Snapshot {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Snapshot? in
                if let current = state.current, current.version >= version { return current }
                state.waiters.append(Waiter(version: version, done: continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func run() {
        while true {
            let version = state.withLock { $0.latest }
            var result: Result<Snapshot, any Error>
            do {
                var settings = settings
                if settings.asOf == nil { settings.asOf = Int64(Date().timeIntervalSince1970) }
                settings.segmentDefinitions = try StrataStore(path: store, create: false).segmentDefinitions()
                let analysis = try Analysis.run(.store(path: store, asOf: settings.asOf), settings: settings)
                let snapshot = Snapshot(analysis: analysis, version: version, finishedAt: Date())
                completed(snapshot)
                result = .success(snapshot)
            } catch {
                failed(error)
                result = .failure(error)
            }
            let (waiting, again) = state.withLock { state -> ([Waiter], Bool) in
                switch result {
                case let .success(snapshot):
                    state.current = snapshot
                    state.problem = nil
                case let .failure(error):
                    state.problem = "\(error)"
                }
                let due = state.waiters.filter { $0.version <= version }
                state.waiters.removeAll { $0.version <= version }
                let again = state.latest > version
                if !again { state.running = false }
                return (due, again)
            }
            for waiter in waiting { waiter.done.resume(with: result) }
            guard again else { return }
        }
    }
}
