import Foundation
import Synchronization

/// Holds every group of customers a live step analysed until no served state refers to it any
/// more, then frees it on a thread of its own, once a second, below the service's priority.
///
/// A state drops thousands of these groups at once when its overlay's layers merge; freeing
/// them where the last reference goes (the loop, or a request that read that state) stalled
/// that thread for up to 0.7 s. Held here, the last reference is always this keeper's.
final class AnalysedKeeper: Sendable {
    private let kept = Mutex<[LiveAnalysis.Analysed]>([])

    init() {
        Thread { [weak self] in
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            while true {
                Thread.sleep(forTimeInterval: 1)
                guard let keeper = self else { return }
                keeper.freeUnused()
            }
        }.start()
    }

    func keep(_ analysed: LiveAnalysis.Analysed) {
        kept.withLock { $0.append(analysed) }
    }

    /// Frees the groups only the keeper still holds. No one else can take a new reference to
    /// one (the keeper never hands them out), so "only the keeper holds it" stays true.
    func freeUnused() {
        var all = kept.withLock { kept in
            defer { kept.removeAll() }
            return kept
        }
        var inUse: [LiveAnalysis.Analysed] = []
        for i in all.indices where !isKnownUniquelyReferenced(&all[i]) { inUse.append(all[i]) }
        kept.withLock { $0.insert(contentsOf: inUse, at: 0) }
        // `all` goes here, on this thread, with the unused groups' last references.
    }
}
