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
        let changed: LiveOverlay
        /// Customers in ``changed`` the base does not know.
        let newcomers: Int
        /// Every write up to this data version is reflected.
        public let version: Int
        public let finishedAt: Date

        /// The analysis of the whole store.
        public var analysis: Analysis { base.analysis }
    }

    /// Customers analysed together against a base (kept by ``AnalysedKeeper`` until no state
    /// refers to them).
    final class Analysed: Sendable {
        let analysis: Analysis
        init(_ analysis: Analysis) { self.analysis = analysis }
    }

    enum Changed: Sendable {
        case analysed(Analysed, index: Int)
        case erased
    }

    private struct Waiter {
        var id: Int
        var version: Int
        var generation: Int
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
        /// Customers served as analysed against an earlier base, to analyse against the current one.
        var stale = Set<String>()
        /// When each data version not yet served was committed.
        var committedAt: [(version: Int, at: ContinuousClock.Instant)] = []
        var waiters: [Waiter] = []
        var lastWaiterID = 0
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

    /// The store, opened once (each analysis of the whole store reads it in one transaction).
    public let store: StrataStore
    public let settings: Analysis.Settings
    private let completed: @Sendable (Step) -> Void
    private let failed: @Sendable (any Error) -> Void
    /// Called with how long each served write took from its commit to being served, in seconds.
    private let visible: @Sendable ([Double]) -> Void
    private let state = Mutex(State())
    /// Wakes the loop's thread (``run()``).
    private let wake = DispatchSemaphore(value: 0)
    /// Frees the customers' analyses no state needs any more, away from the loop and the requests.
    private let keeper = AnalysedKeeper()

    /// `settings.asOf` nil: each analysis is as of the time it starts (without insights: a reader
    /// that needs them computes them, ``Analysis/insights(_:sizeGuard:)``). `completed` is called with each
    /// step before it is served.
    public init(store: StrataStore, settings: Analysis.Settings = Analysis.Settings(), completed: @escaping @Sendable (Step) -> Void = { _ in },
                failed: @escaping @Sendable (any Error) -> Void = { _ in }, visible: @escaping @Sendable ([Double]) -> Void = { _ in }) {
        self.store = store
        self.completed = completed
        self.failed = failed
        self.visible = visible
        var settings = settings
        settings.insights = nil
        self.settings = settings
        let wake = wake
        let thread = Thread { [weak self] in
            var lastStep = ContinuousClock.now
            while true {
                wake.wait()
                guard let live = self else { return }
                live.run(lastStep: &lastStep)
            }
        }
        thread.name = "strata-live"
        thread.start()
    }

    deinit {
        wake.signal()
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
            state.committedAt.append((commit.version, .now))
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

    /// Asks for an analysis of the whole store (time has passed; models are refreshed).
    public func refresh() {
        start { $0.wholeDue = true }
    }

    /// A state that reflects data version `version` and, when `generation` is given, the
    /// analysis of the whole store with that number or a later one (waits for it); throws when
    /// the analysis of the whole store found nothing to analyse, and `CancellationError` when the
    /// waiting task is cancelled (the analysis goes on).
    public func snapshot(including version: Int, generation: Int = 0) async throws -> Snapshot {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Under the lock: a cancellation either finds the waiter or is seen here.
                let answer = state.withLock { state -> Result<Snapshot, any Error>? in
                    if let current = state.current, current.version >= version, current.generation >= generation { return .success(current) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(Waiter(id: id, version: version, generation: generation, done: continuation))
                    return nil
                }
                if let answer { continuation.resume(with: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { state in state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) } }
            waiter?.done.resume(throwing: CancellationError())
        }
    }

    /// Asks for an analysis of the whole store that starts after this call, and answers its
    /// number (``Snapshot/generation``): ``snapshot(including:generation:)`` waits for it.
    public func requestWholeAnalysis() -> Int {
        var number = 0
        start { state in
            state.wholeDue = true
            number = state.wholeStarted + 1
        }
        return number
    }

    private func start(_ change: (inout State) -> Void) {
        let start = state.withLock { state -> Bool in
            change(&state)
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if start { wake.signal() }
    }

    /// The least time between the starts of two steps: the writes of that time are analysed
    /// together, so that a step's fixed cost is not paid for every single write.
    static let stepSpacing: Duration = .milliseconds(10)

    /// The loop, on a thread of its own (not a shared pool's, where it would wait behind
    /// requests for a turn): starts an analysis of the whole store when one is due (it runs on a
    /// thread of its own), installs one that finished, and analyses the customers written to.
    private func run(lastStep: inout ContinuousClock.Instant) {
        while true {
            let (whole, finished, current, again) = state.withLock { state -> ((generation: Int, carry: Bool)?, Finished?, Snapshot?, Bool) in
                var whole: (generation: Int, carry: Bool)?
                // Without a base, writes wait for one (the first, or one after an empty store).
                let needed = state.wholeDue || state.current == nil && state.finished == nil && !state.dirty.isEmpty
                if needed && !state.wholeRunning {
                    state.wholeDue = false
                    state.wholeRunning = true
                    state.wholeStarted += 1
                    // After a change only such an analysis sees, no customer is served as analysed before it.
                    whole = (state.wholeStarted, state.readFrom == nil)
                }
                let finished = state.finished
                state.finished = nil
                let again = finished != nil || state.current != nil && !(state.dirty.isEmpty && state.stale.isEmpty)
                if !again { state.running = false }
                return (whole, finished, state.current, again)
            }
            if let whole { startWholeAnalysis(generation: whole.generation, carry: whole.carry) }
            guard again else { return }
            if let finished {
                install(finished)
            } else if let current {
                let due = lastStep + Self.stepSpacing
                if due > .now { Thread.sleep(forTimeInterval: Self.seconds(due - .now)) }
                lastStep = .now
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
        /// Whether customers analysed against the previous base may be served until they are
        /// analysed against this one.
        var carry = false
    }

    /// Analyses the whole store on a thread of its own, below the writers' priority and on all
    /// cores but one, so that writes and the customers' analyses keep their pace meanwhile.
    private func startWholeAnalysis(generation: Int, carry: Bool) {
        let workers = max(1, Parallel.cores - 1)
        Thread { [self] in
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            var finished = Parallel.$workerLimit.withValue(workers) { analyseWhole(generation: generation) }
            finished.carry = carry
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

    /// Serves a new base. Customers written to after it was read keep their entries analysed
    /// against the previous base (marked stale, analysed again against the new one step by step),
    /// or — after a change of definitions or an erasure — are analysed against it at once.
    private func install(_ finished: Finished) {
        let base: LiveBase
        switch finished.base {
        case let .success(analysed): base = analysed
        case let .failure(error):
            state.withLock { state in
                if let version = finished.version { state.dirty = state.changes.drop(through: version) } else if state.current == nil { state.dirty.removeAll() }
            }
            publish(.failure(error), read: finished.version, generation: finished.generation)
            return
        }
        let version = finished.version ?? 0
        let (current, pending, through, carried, changes) = state.withLock { state -> (Snapshot?, Set<String>, Int, Set<String>, LiveChanges) in
            // Writes the analysis read are in it; those after it are analysed against it.
            let after = state.changes.drop(through: version)
            if let readFrom = state.readFrom, readFrom <= version { state.readFrom = nil }
            state.erased = state.erased.filter { base.analysis.dataset.customers.ids.code(of: $0) != nil }
            let carry = finished.carry && state.current != nil
            let carried = carry ? after.subtracting(state.dirty) : []
            if !carry { state.dirty = after }
            state.dirty.formIntersection(after)
            state.stale = carried
            defer { state.dirty.removeAll() }  // analysed below
            return (state.current, state.dirty, state.dirtyVersion, carried, state.changes.only(state.dirty))
        }
        var overlay = LiveOverlay(), newcomers = 0
        if let current, !carried.isEmpty {
            var entries: [String: Changed] = [:]
            for id in carried { entries[id] = current.changed[id] }
            overlay.set(entries)
            newcomers = carried.lazy.filter { base.analysis.dataset.customers.ids.code(of: $0) == nil }.count
        }
        // Everything up to the previous state's version is reflected, by the base or by the entries carried over.
        var snapshot = Snapshot(base: base, baseVersion: version, generation: finished.generation, changed: overlay, newcomers: newcomers,
                                version: max(version, carried.isEmpty ? version : current?.version ?? version), finishedAt: Date())
        if !pending.isEmpty { snapshot = analyseChanged(snapshot, ids: pending, changes: changes, through: through) }
        completed(.whole(snapshot))
        publish(.success(snapshot))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Serves a new state, or records why there is none, and answers the waiters it satisfies.
    /// Without any state, a failed analysis of the whole store (which `read` the store up to that
    /// data version, nil: could not read it) answers the waiters it would have satisfied; later
    /// writes start another.
    private func publish(_ result: Result<Snapshot, any Error>, read: Int? = nil, generation: Int = 0) {
        let now = ContinuousClock.now
        var delays: [Double] = []
        defer { if !delays.isEmpty { visible(delays) } }
        let (ready, failing) = state.withLock { state -> ([Waiter], [Waiter]) in
            switch result {
            case let .success(snapshot):
                state.current = snapshot
                state.problem = nil
                let served = state.committedAt.prefix { $0.version <= snapshot.version }
                delays = served.map { Self.seconds(now - $0.at) }
                state.committedAt.removeFirst(served.count)

            case let .failure(error):
                state.problem = "\(error)"
            }
            guard let current = state.current else {
                let isAnswered = { (w: Waiter) in read.map { w.version <= $0 && w.generation <= generation } ?? true }
                defer { state.waiters.removeAll(where: isAnswered) }
                return ([], state.waiters.filter(isAnswered))
            }
            let isReady = { (w: Waiter) in w.version <= current.version && w.generation <= current.generation }
            defer { state.waiters.removeAll(where: isReady) }
            return (state.waiters.filter(isReady), [])
        }
        let current = state.withLock { $0.current }
        for waiter in ready { waiter.done.resume(returning: current!) }
        for waiter in failing { waiter.done.resume(with: result) }
    }

    /// Analyses the customers written to since the last step against the base — or, when none
    /// were, up to 500 customers served as analysed against an earlier base.
    private func analyseChanged(_ current: Snapshot) -> Snapshot {
        let (ids, changes, through) = state.withLock { state -> (Set<String>, LiveChanges, Int) in
            guard state.dirty.isEmpty else {
                // Taken and cleared together: a write that comes during the step makes its customer dirty again.
                defer { state.dirty.removeAll() }
                return (state.dirty, state.changes.only(state.dirty), state.dirtyVersion)
            }
            let ids = Set(state.stale.prefix(500))
            state.stale.subtract(ids)
            return (ids, state.changes.only(ids), current.version)
        }
        let snapshot = analyseChanged(current, ids: ids, changes: changes, through: through)
        if !ids.isEmpty { completed(.customers(ids.sorted(), snapshot)) }
        return snapshot
    }

    /// Analyses `ids` against the base; the state then reflects every write up to `version`.
    private func analyseChanged(_ current: Snapshot, ids: Set<String>, changes: LiveChanges, through version: Int) -> Snapshot {
        let (erased, readFrom) = state.withLock { state -> (Set<String>, Int?) in
            state.stale.subtract(ids)
            return (state.erased, state.readFrom)
        }
        var changed = current.changed, newcomers = current.newcomers
        let sorted = ids.sorted()
        if !sorted.isEmpty {
            let asOf = settings.asOf ?? Int64(Date().timeIntervalSince1970)
            // On this thread alone: a step's customers are few, and waking the pool's threads for
            // each of its passes costs more than it saves and takes cores from the requests.
            let analysed = Analysed(Parallel.$workerLimit.withValue(1) { current.base.analyse(sorted, changes: changes, asOf: asOf) })
            keeper.keep(analysed)
            let known = current.base.analysis.dataset.customers.ids
            newcomers += sorted.lazy.filter { changed[$0] == nil && known.code(of: $0) == nil }.count
            changed.set(Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Changed.analysed(analysed, index: $0)) }))
        }
        changed.set(Dictionary(uniqueKeysWithValues: erased.filter { id in
            if case .erased? = changed[id] { return false }
            return true
        }.map { ($0, Changed.erased) }))
        // Nothing past a change only an analysis of the whole store sees is served before it.
        let served = max(current.version, readFrom.map { min(version, $0 - 1) } ?? version)
        let snapshot = Snapshot(base: current.base, baseVersion: current.baseVersion, generation: current.generation,
                                changed: changed, newcomers: newcomers, version: served, finishedAt: Date())
        // Many customers new since the base shift its measures (RFM boundaries, medians): analyse it all again.
        if newcomers > max(1_000, current.base.analysis.dataset.customers.count / 10) { state.withLock { $0.wholeDue = true } }
        return snapshot
    }
}
