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
        /// Analyses of the whole store started; whether one is running; one that finished.
        var wholeStarted = 0
        var wholeRunning = false
        var finished: Finished?
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

    /// The loop on `queue`: starts an analysis of the whole store when one is due (it runs on a
    /// thread of its own), installs one that finished, and analyses the customers written to.
    private func run() {
        while true {
            let (whole, finished, current, again) = state.withLock { state -> (Int?, Finished?, Snapshot?, Bool) in
                var whole: Int?
                // Without a base, writes wait for one (the first, or one after an empty store).
                let needed = state.wholeDue || state.current == nil && state.finished == nil && !state.dirty.isEmpty
                if needed && !state.wholeRunning {
                    state.wholeDue = false
                    state.wholeRunning = true
                    state.wholeStarted += 1
                    whole = state.wholeStarted
                }
                let finished = state.finished
                state.finished = nil
                let again = finished != nil || state.current != nil && !state.dirty.isEmpty
                if !again { state.running = false }
                return (whole, finished, state.current, again)
            }
            if let whole { startWholeAnalysis(generation: whole) }
            guard again else { return }
            if let finished {
                install(finished)
            } else if let current {
                publish(.success(analyseChanged(current)))
            }
        }
    }

    /// A finished analysis of the whole store: the base, or why there is none, with the data
    /// version it read (nil when the store could not be read).
    struct Finished: Sendable {
        var base: Result<LiveBase, any Error>
        var version: Int?
        var generation: Int
    }

    /// Analyses the whole store on a thread of its own, below the writers' priority and on all
    /// cores but one, so that writes and the customers' analyses keep their pace meanwhile.
    private func startWholeAnalysis(generation: Int) {
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        Thread { [self] in
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            let finished = Parallel.$workerLimit.withValue(workers) { analyseWhole(generation: generation) }
            start { state in
                state.finished = finished
                state.wholeRunning = false
            }
        }.start()
    }

    private func analyseWhole(generation: Int) -> Finished {
        var version: Int?
        do {
            var settings = settings
            let asOf = settings.asOf ?? Int64(Date().timeIntervalSince1970)
            let store = try StrataStore(path: store, create: false)
            settings.segmentDefinitions = try store.segmentDefinitions()
            settings.asOf = asOf
            let (data, read) = try store.versionedDataset(asOf: asOf)
            version = read
            return Finished(base: .success(LiveBase(try Analysis(data, settings: settings))), version: read, generation: generation)
        } catch {
            failed(error)
            return Finished(base: .failure(error), version: version, generation: generation)
        }
    }

    /// Serves a new base, with the customers written to since it was read analysed against it.
    private func install(_ finished: Finished) {
        let (dirty, changes) = state.withLock { state -> (Set<String>, LiveChanges) in
            // Writes the analysis read are in it; those after it are analysed against it.
            if let version = finished.version {
                state.dirty = state.changes.drop(through: version)
                if let readFrom = state.readFrom, readFrom <= version { state.readFrom = nil }
            } else if state.current == nil {
                state.dirty.removeAll()  // the store could not be read: the next refresh tries again
            }
            return (state.dirty, state.changes)
        }
        switch finished.base {
        case let .success(base):
            let version = finished.version ?? 0
            state.withLock { state in state.erased = state.erased.filter { base.analysis.dataset.customers.ids.code(of: $0) != nil } }
            var snapshot = Snapshot(base: base, baseVersion: version, generation: finished.generation, changed: [:], version: version, finishedAt: Date())
            if !dirty.isEmpty { snapshot = analyseChanged(snapshot, ids: dirty, changes: changes) }
            completed(.whole(snapshot))
            publish(.success(snapshot))
        case let .failure(error):
            publish(.failure(error))
        }
    }

    /// Serves a new state, or records why there is none, and answers the waiters it satisfies;
    /// without any state, a failure answers every waiter.
    private func publish(_ result: Result<Snapshot, any Error>) {
        let (ready, failing) = state.withLock { state -> ([Waiter], [Waiter]) in
            switch result {
            case let .success(snapshot):
                state.current = snapshot
                state.problem = nil
            case let .failure(error):
                state.problem = "\(error)"
            }
            guard let current = state.current else {
                defer { state.waiters.removeAll() }
                return ([], state.waiters)
            }
            let isReady = { (w: Waiter) in w.version <= current.version && w.generation <= current.generation }
            defer { state.waiters.removeAll(where: isReady) }
            return (state.waiters.filter(isReady), [])
        }
        let current = state.withLock { $0.current }
        for waiter in ready { waiter.done.resume(returning: current!) }
        for waiter in failing { waiter.done.resume(with: result) }
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
