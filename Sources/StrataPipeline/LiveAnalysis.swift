import Foundation
import StrataCore
import StrataStore
import Synchronization

/// The analysis the live service answers from. It follows every write: the customers a
/// committed transaction changed are analysed again, alone, against the last analysis of the
/// whole store (``LiveBase``: its RFM boundaries, price levels, fitted models and checked
/// custom segments), within milliseconds. The whole store is analysed again — by the same
/// ``Analysis`` as `strata analyze --db`, so membership is then exactly batch membership — on a
/// timer (so that windows such as "no order within 90 days" close as time passes), on demand,
/// when segment definitions change or a customer is erased, and when many customers new to it
/// have arrived since the last time.
public final class LiveAnalysis: Sendable {
    /// One state of the served analysis.
    public struct Snapshot: Sendable {
        /// The last analysis of the whole store, and the data version it read.
        public let base: LiveBase
        public let baseVersion: Int
        /// Which analysis of the whole store the base is (1 the first).
        public let generation: Int
        /// Customers written to since the base (analysed against it), and customers erased since.
        let changed: [String: Changed]
        /// Every write up to this data version is reflected.
        public let version: Int
        public let finishedAt: Date

        /// The analysis of the whole store.
        public var analysis: Analysis { base.analysis }
    }

    /// Customers analysed together against a base.
    final class Analysed: Sendable {
        let analysis: Analysis
        init(_ analysis: Analysis) { self.analysis = analysis }
    }

    enum Changed: Sendable {
        case analysed(Analysed, index: Int)
        case erased
    }

    private struct Waiter {
        var version: Int
        var generation = 0
        var done: CheckedContinuation<Snapshot, any Error>
    }

    private struct State {
        var current: Snapshot?
        /// The highest data version announced.
        var latest = 0
        /// Writes not yet in an analysis of the whole store.
        var changes = LiveChanges()
        /// Customers to analyse again, and the data version that includes their changes.
        var dirty = Set<String>()
        var dirtyVersion = 0
        var erased = Set<String>()
        /// An analysis of the whole store is due; `readFrom`: it must include this data version
        /// (a change only such an analysis sees), and nothing later is served until it does.
        var wholeDue = true
        var readFrom: Int?
        var running = false
        /// Analyses of the whole store started.
        var wholeStarted = 0
        var waiters: [Waiter] = []
        /// Why the last analysis of the whole store produced nothing (an empty store, say).
        var problem: String?
    }

    /// What a completed step did, for the service (membership changes go to the webhook outbox).
    public enum Step: Sendable {
        /// The whole store was analysed again (and the customers written to since it was read).
        case whole(Snapshot)
        /// These customers were analysed again against the base.
        case customers([String], Snapshot)
    }

    public let store: String
    public let settings: Analysis.Settings
    private let completed: @Sendable (Step) -> Void
    private let failed: @Sendable (any Error) -> Void
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "strata.live-analysis")

    /// `settings.asOf` nil: each analysis is as of the time it starts. `completed` is called with
    /// each step before it is served.
    public init(store: String, settings: Analysis.Settings = Analysis.Settings(), completed: @escaping @Sendable (Step) -> Void = { _ in },
                failed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        self.store = store
        self.completed = completed
        self.failed = failed
        var settings = settings
        settings.insights = nil
        self.settings = settings
    }

    /// The latest state, if there is one.
    public var current: Snapshot? { state.withLock { $0.current } }

    /// Why there is no analysis yet, if there is none.
    public var problem: String? { state.withLock { $0.problem } }

    /// The highest data version announced.
    public var latestVersion: Int { state.withLock { $0.latest } }

    /// Takes in a committed transaction: its customers are analysed again.
    public func committed(_ commit: GroupCommitWriter.Commit) {
        start { state in
            let changed = state.changes.add(commit)
            state.dirty.formUnion(changed)
            state.erased.subtract(changed)
            state.latest = max(state.latest, commit.version)
            state.dirtyVersion = max(state.dirtyVersion, commit.version)
        }
    }

    /// Announces a change only an analysis of the whole store sees (segment definitions, an
    /// erasure) at data `version`: nothing later is served before that analysis.
    public func reanalyse(through version: Int, erasing customer: String? = nil) {
        start { state in
            state.latest = max(state.latest, version)
            state.wholeDue = true
            state.readFrom = max(state.readFrom ?? version, version)
            if let customer {
                state.changes.forget(customer)
                state.dirty.remove(customer)
                state.erased.insert(customer)
            }
        }
    }

    /// Asks for an analysis of the whole store (time has passed; models are refreshed); returns
    /// the data version it will include.
    @discardableResult
    public func refresh() -> Int {
        var version = 0
        start { state in
            state.wholeDue = true
            version = state.latest
        }
        return version
    }

    /// A state that reflects data version `version` (waits for it); throws when the analysis of
    /// the whole store found nothing to analyse.
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

    /// A state from an analysis of the whole store that started after this call.
    public func wholeAnalysis() async throws -> Snapshot {
        try await withCheckedThrowingContinuation { continuation in
            start { state in
                state.wholeDue = true
                state.waiters.append(Waiter(version: state.latest, generation: state.wholeStarted + 1, done: continuation))
            }
        }
    }

    private func start(_ change: (inout State) -> Void) {
        let start = state.withLock { state -> Bool in
            change(&state)
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if start { queue.async { self.run() } }
    }

    private func run() {
        while true {
            let current = state.withLock { $0.wholeDue ? nil : $0.current }
            let result: Result<Snapshot, any Error> = current.map { .success(analyseChanged($0)) } ?? analyseWhole()
            let (ready, failing, again) = state.withLock { state -> ([Waiter], [Waiter], Bool) in
                var failed = false
                switch result {
                case let .success(snapshot):
                    state.current = snapshot
                    state.problem = nil
                case let .failure(error):
                    state.problem = "\(error)"
                    failed = true
                    // Without an analysis, the writes are read by the next analysis of the whole store.
                    if state.current == nil { state.dirty.removeAll() }
                }
                let served = state.current.map { ($0.version, $0.generation) } ?? (Int.min, 0)
                let isReady = { (w: Waiter) in w.version <= served.0 && w.generation <= served.1 }
                let ready = state.waiters.filter(isReady)
                let failing = failed ? state.waiters.filter { !isReady($0) } : []
                state.waiters.removeAll { isReady($0) || failed }
                let again = state.wholeDue || !state.dirty.isEmpty
                if !again { state.running = false }
                return (ready, failing, again)
            }
            for waiter in ready { waiter.done.resume(with: .success(state.withLock { $0.current! })) }
            for waiter in failing { waiter.done.resume(with: result) }
            guard again else { return }
        }
    }

    /// Analyses the whole store as of now, then the customers written to since it was read.
    private func analyseWhole() -> Result<Snapshot, any Error> {
        do {
            var settings = settings
            let asOf = settings.asOf ?? Int64(Date().timeIntervalSince1970)
            let generation = state.withLock { state in
                state.wholeDue = false
                state.wholeStarted += 1
                return state.wholeStarted
            }
            let store = try StrataStore(path: store, create: false)
            settings.segmentDefinitions = try store.segmentDefinitions()
            settings.asOf = asOf
            let (data, version) = try store.versionedDataset(asOf: asOf)
            let base = LiveBase(try Analysis(data, settings: settings))
            let (dirty, changes) = state.withLock { state -> (Set<String>, LiveChanges) in
                state.dirty = state.changes.drop(through: version)
                state.erased = state.erased.filter { base.analysis.dataset.customers.ids.code(of: $0) != nil }
                if let readFrom = state.readFrom, readFrom <= version { state.readFrom = nil }
                return (state.dirty, state.changes)
            }
            var snapshot = Snapshot(base: base, baseVersion: version, generation: generation, changed: [:], version: version, finishedAt: Date())
            if !dirty.isEmpty { snapshot = analyseChanged(snapshot, ids: dirty, changes: changes) }
            completed(.whole(snapshot))
            return .success(snapshot)
        } catch {
            failed(error)
            return .failure(error)
        }
    }

    /// Analyses the customers written to since the last step against the base.
    private func analyseChanged(_ current: Snapshot) -> Snapshot {
        let (ids, changes) = state.withLock { state -> (Set<String>, LiveChanges) in (state.dirty, state.changes) }
        let snapshot = analyseChanged(current, ids: ids, changes: changes)
        if !ids.isEmpty { completed(.customers(ids.sorted(), snapshot)) }
        return snapshot
    }

    private func analyseChanged(_ current: Snapshot, ids: Set<String>, changes: LiveChanges) -> Snapshot {
        let (version, erased, readFrom) = state.withLock { state -> (Int, Set<String>, Int?) in
            state.dirty.subtract(ids)
            return (state.dirtyVersion, state.erased, state.readFrom)
        }
        var changed = current.changed
        let sorted = ids.sorted()
        if !sorted.isEmpty {
            let asOf = settings.asOf ?? Int64(Date().timeIntervalSince1970)
            let analysed = Analysed(current.base.analyse(sorted, changes: changes, asOf: asOf))
            for (i, id) in sorted.enumerated() { changed[id] = .analysed(analysed, index: i) }
        }
        for id in erased { changed[id] = .erased }
        // Nothing past a change only an analysis of the whole store sees is served before it.
        let served = max(current.version, readFrom.map { min(version, $0 - 1) } ?? version)
        let snapshot = Snapshot(base: current.base, baseVersion: current.baseVersion, generation: current.generation,
                                changed: changed, version: served, finishedAt: Date())
        // Many customers new since the base shift its measures (RFM boundaries, medians): analyse it all again.
        let newcomers = changed.keys.lazy.filter { current.base.analysis.dataset.customers.ids.code(of: $0) == nil }.count
        if newcomers > max(1_000, current.base.analysis.dataset.customers.count / 10) { state.withLock { $0.wholeDue = true } }
        return snapshot
    }
}
