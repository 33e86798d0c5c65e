import Foundation
import StrataCore
import StrataPipeline
import Synchronization

/// The segments' profiles and plans for the dashboard, computed from the live service's last
/// analysis of the whole store when a page first asks (the live analysis itself makes none:
/// most services never show them). Kept until a newer analysis is at least `maximumAge`
/// seconds older than them: profiles move slowly, and on a large base they take seconds.
final class DashboardInsights: Sendable {
    let settings: Analysis.Settings
    let maximumAge: TimeInterval
    private let kept = Mutex<(generation: Int, madeAt: Date, insights: SegmentInsights)?>(nil)
    /// Computes on a queue of its own, one at a time, never on a thread that serves requests.
    private let queue = DispatchQueue(label: "strata.dashboard-insights", qos: .utility)

    init(settings: Analysis.Settings, maximumAge: TimeInterval = 300) {
        self.settings = settings
        self.maximumAge = maximumAge
    }

    /// The insights of `state`'s analysis of the whole store, or of an earlier one not older than `maximumAge`.
    func insights(_ state: LiveAnalysis.Snapshot) async -> SegmentInsights {
        await withCheckedContinuation { answer in
            queue.async { [self] in
                if let kept = kept.withLock({ $0 }), kept.generation == state.generation || Date().timeIntervalSince(kept.madeAt) < maximumAge {
                    return answer.resume(returning: kept.insights)
                }
                let insights = state.analysis.insights(settings.insights ?? SegmentInsights.Settings(), sizeGuard: settings.sizeGuard)
                kept.withLock { $0 = (state.generation, Date(), insights) }
                answer.resume(returning: insights)
            }
        }
    }
}
