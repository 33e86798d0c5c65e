import ServiceLifecycle
import StrataPipeline

/// Analyses the whole store again every `seconds` (models refitted, population measures
/// renewed), so that time windows close as time passes
/// ("no order within 90 days" starts to hold on its day, not at a nightly job).
struct RefreshTimer: Service {
    let live: LiveAnalysis
    let seconds: Double

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // Cancelled at a graceful shutdown: the loop ends without an error.
                guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                live.refresh()
            }
        }
    }
}
