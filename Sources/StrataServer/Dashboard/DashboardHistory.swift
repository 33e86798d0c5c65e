import Foundation
import StrataCore
import StrataPipeline
import StrataStore
import Synchronization

/// How the live state compares with the store's snapshots, for the dashboard: who entered and
/// left each segment of the schemes snapshots keep (rfm, activity, lifecycle) since the first
/// snapshot of the analysis's day ("today") and since the last one at least a week older
/// ("this week") — or, without those, the nearest earlier one, whose date is shown. Snapshots
/// never change, so each is read from the store once.
final class DashboardHistory: Sendable {
    /// Movement since one snapshot.
    struct Comparison {
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

    let store: StrataStore
    private let snapshots = Mutex<[Int64: [SnapshotCustomer]]>([:])
    /// The live state's rows, for the state they were made from.
    private let current = Mutex<(generation: Int, version: Int, rows: [SnapshotCustomer])?>(nil)
    /// Reads and compares on a queue of its own, never on a thread that serves requests.
    private let queue = DispatchQueue(label: "strata.dashboard-history", qos: .utility)

    init(store: StrataStore) {
        self.store = store
    }

    /// Movement since today's and since last week's reference snapshots (nil without snapshots).
    func compare(_ state: LiveAnalysis.Snapshot) -> (today: Comparison?, week: Comparison?) {
        let now = state.analysis.asOf
        let taken = ((try? store.snapshots()) ?? []).map(\.asOf).filter { $0 <= now }
        guard let latest = taken.last else { return (nil, nil) }
        let dayStart = now - now % 86_400
        let today = taken.first { $0 >= dayStart } ?? latest
        let week = taken.last { $0 <= now - 7 * 86_400 } ?? taken[0]
        let rows = currentRows(state)
        return (comparison(since: today, rows), comparison(since: week, rows))
    }

    private func comparison(since asOf: Int64, _ rows: [SnapshotCustomer]) -> Comparison? {
        guard let before = snapshot(asOf) else { return nil }
        return Comparison(since: asOf, movements: Dictionary(uniqueKeysWithValues: SnapshotCustomer.keptSchemes.map {
            ($0, SegmentMovement(from: before, to: rows, scheme: $0))
        }))
    }

    private func snapshot(_ asOf: Int64) -> [SnapshotCustomer]? {
        if let kept = snapshots.withLock({ $0[asOf] }) { return kept }
        guard let rows = try? store.snapshot(asOf: asOf) else { return nil }
        snapshots.withLock { kept in
            if kept.count >= 4 { kept.removeAll() }
            kept[asOf] = rows
        }
        return rows
    }

    private func currentRows(_ state: LiveAnalysis.Snapshot) -> [SnapshotCustomer] {
        if let kept = current.withLock({ $0 }), kept.generation == state.generation, kept.version == state.version { return kept.rows }
        let rows = state.snapshotCustomers
        current.withLock { $0 = (state.generation, state.version, rows) }
        return rows
    }
}
