import Dispatch
import Logging
import StrataCore
import StrataPipeline
import StrataStore

/// The live service's daily snapshot: the first analysis of the whole store on each day (UTC,
/// by its as-of time) is kept as `strata snapshot` would keep it, on a queue of its own (the
/// live analysis does not wait for the rows to be written). The dashboard's size history and
/// movement compare with these.
enum DailySnapshot {
    private static let queue = DispatchQueue(label: "strata.daily-snapshot", qos: .utility)

    /// Keeps `analysis` (which read the store at data version `version`) unless the day has a
    /// snapshot, or a customer was erased after that read (the next analysis, which every
    /// erasure starts, is kept then).
    static func keep(_ analysis: Analysis, readAt version: Int, in store: StrataStore, logger: Logger) {
        let asOf = analysis.asOf
        queue.async {
            do {
                guard try !store.snapshots().contains(where: { $0.asOf / 86_400 == asOf / 86_400 }) else { return }
                let rows = SnapshotCustomer.all(analysis.dataset.customers, analysis.segmentation, lifetime: analysis.lifetime)
                guard let count = try store.saveSnapshot(asOf: asOf, customers: rows, models: analysis.lifetime.map(ModelsSummary.init),
                                                         unlessErasedAfter: version) else { return }
                logger.info("daily snapshot kept", metadata: ["as_of": "\(Timestamp.isoDateTime(asOf))", "customers": "\(count)"])
            } catch {
                logger.warning("daily snapshot not kept", metadata: ["as_of": "\(Timestamp.isoDateTime(asOf))", "error": "\(error)"])
            }
        }
    }
}
