import Foundation
import StrataCore
import StrataPipeline
import StrataStore
import Synchronization

/// How the segments compare with the store's snapshots, for the dashboard, for the schemes
/// snapshots keep (rfm, activity, lifecycle): each segment's size in every snapshot, and who
/// entered and left each segment since the first snapshot of the analysis's day ("today") and
/// since the last one at least a week older ("this week") — or, without those, the nearest
/// earlier one, whose date is shown. Movement is that of the last analysis of the whole store
/// (at most `--refresh` seconds old). Both are worked out on a queue of their own, once per
/// analysis of the whole store and set of snapshots; until a newer one is ready, pages show the
/// one before (on a large base it takes seconds), and snapshots read once stay in memory.
final class DashboardHistory: Sendable {
    /// Movement since one snapshot.
    struct Comparison: Sendable {
        var since: Int64
        var movements: [SegmentScheme: SegmentMovement]

        /// Customers who entered and who left the segment since the snapshot (moved or new, moved or gone).
        func flow(_ scheme: SegmentScheme, _ segment: String) -> (entered: Int, left: Int)? {
            guard let m = movements[scheme], let k = m.segments.firstIndex(of: segment) else { return nil }
            let entered = m.entered[k] + m.matrix.indices.reduce(0) { $1 == k ? $0 : $0 + m.matrix[$1][k] }
            let left = m.left[k] + m.matrix[k].indices.reduce(0) { $1 == k ? $0 : $0 + m.matrix[k][$1] }
            return (entered, left)
        }
    }

    /// What the pages show, for one analysis of the whole store and one set of snapshots.
    struct View: Sendable {
        var today: Comparison?
        var week: Comparison?
        /// By "scheme:segment": the size in each snapshot, oldest first.
        var sizes: [String: [(asOf: Int64, size: Int)]]
    }

    let store: StrataStore
    private let kept = Mutex<(generation: Int, snapshots: [Int64], view: View)?>(nil)
    private let read = Mutex<[Int64: [SnapshotCustomer]]>([:])
    private let queue = DispatchQueue(label: "strata.dashboard-history", qos: .utility)

    init(store: StrataStore) {
        self.store = store
    }

    func view(_ state: LiveAnalysis.Snapshot) async -> View {
        if let kept = kept.withLock({ $0 }) {
            if kept.generation != state.generation || kept.snapshots != taken() { queue.async { [self] in _ = making(state) } }
            return kept.view
        }
        return await withCheckedContinuation { answer in
            queue.async { [self] in answer.resume(returning: making(state)) }
        }
    }

    private func taken() -> [Int64] { ((try? store.snapshots()) ?? []).map(\.asOf) }

    private func making(_ state: LiveAnalysis.Snapshot) -> View {
        let taken = taken()
        if let kept = kept.withLock({ $0 }), kept.generation >= state.generation, kept.snapshots == taken { return kept.view }
        var view = View(today: nil, week: nil, sizes: [:])
        for scheme in SnapshotCustomer.keptSchemes {
            for (segment, sizes) in (try? store.segmentSizes(scheme: scheme)) ?? [:] { view.sizes["\(scheme.rawValue):\(segment)"] = sizes }
        }
        let now = state.analysis.asOf
        let earlier = taken.filter { $0 <= now }
        if let latest = earlier.last {
            let a = state.analysis
            let rows = SnapshotCustomer.all(a.dataset.customers, a.segmentation, lifetime: a.lifetime)
            let dayStart = now - now % 86_400
            view.today = comparison(since: earlier.first { $0 >= dayStart } ?? latest, rows)
            view.week = comparison(since: earlier.last { $0 <= now - 7 * 86_400 } ?? earlier[0], rows)
        }
        kept.withLock { $0 = (state.generation, taken, view) }
        return view
    }

    private func comparison(since asOf: Int64, _ rows: [SnapshotCustomer]) -> Comparison? {
        guard let before = read.withLock({ $0[asOf] }) ?? (try? store.snapshot(asOf: asOf)) else { return nil }
        read.withLock { read in
            if read[asOf] == nil && read.count >= 4 { read.removeAll() }
            read[asOf] = before
        }
        return Comparison(since: asOf, movements: Dictionary(uniqueKeysWithValues: SnapshotCustomer.keptSchemes.map {
            ($0, SegmentMovement(from: before, to: rows, scheme: $0))
        }))
    }
}
